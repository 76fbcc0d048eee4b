/**
 * The review pipeline over GraphQL on real PostgreSQL: seed 001's three stages with four accounts
 * (a business-stage reject, an edit, resubmission, every audit visible), the reviewers' queues and
 * read path across workspaces, no self-review, and seed 002's single APP_REVIEW stage reviewed by
 * the holder of a custom app-review role.
 */
import { startTestMarina, type TestMarina } from '../support/marina';
import type { GraphQLClient } from '../support/graphql-client';
import { type Authed, developer } from './catalog-support';
import { act, review, uploadChart, uploadChartVersion, versionState } from './lifecycle-support';

let t: TestMarina;
let admin: GraphQLClient;

beforeAll(async () => {
  t = await startTestMarina('review_pipeline');
  admin = await t.admin();
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

const queue = async (c: GraphQLClient, q: string, stage?: string) =>
  (
    await c.ok(
      `query($s: ReviewStage, $q: ReviewQueue) { reviews(stage: $s, queue: $q) { totalCount edges { node { version { id name } currentStage } } } }`,
      { s: stage ?? null, q },
    )
  ).reviews;

describe('seed 001: ISV → BUSINESS → TECHNICAL with four accounts', () => {
  let dev: Authed;
  let isv: Authed;
  let business: Authed;
  let technical: Authed;

  beforeAll(async () => {
    dev = await developer(t, 'dev');
    isv = await developer(t, 'isv', ['ISV']);
    business = await developer(t, 'biz', ['BUSINESS_REVIEWER']);
    technical = await developer(t, 'tech', ['TECHNICAL_REVIEWER']);
  });

  it('business reject, edit, resubmit, pass every stage; queues, read path and audits', async () => {
    const { appId, versionId: id } = await uploadChart(dev, 'seed001-app');
    const otherDraft = await uploadChartVersion(dev, appId, 'seed001-app', '0.4.0');
    await act(dev, 'submitAppVersion', id);

    // The ISV reviewer sees the queued version of another workspace, not that workspace's other drafts.
    expect((await queue(isv, 'UNPROCESSED', 'ISV')).edges.map((e: any) => e.node.version.id)).toContain(id);
    expect((await versionState(isv, id)).status).toBe('SUBMITTED');
    const asIsv = await isv.request(`query($id: ID!) { appVersion(id: $id) { id } }`, { id: otherDraft });
    expect(asIsv.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const appAsIsv = await isv.ok(`query($id: ID!) { app(id: $id) { name versions { edges { node { id } } } } }`, {
      id: appId,
    });
    expect(appAsIsv.app.versions.edges.map((e: any) => e.node.id)).toEqual([id]);
    expect(
      (await business.request(`query($id: ID!) { appVersion(id: $id) { id } }`, { id: otherDraft })).errors?.[0]
        ?.extensions?.code,
    ).toBe('NOT_FOUND');

    // A stage must be claimed before it is passed; only the current stage can be claimed.
    expect(await review(isv, 'passReview', id, 'ISV', 'ok')).toMatchObject({
      __typename: 'InvalidStateError',
      from: 'SUBMITTED',
      action: 'pass',
    });
    expect(await review(business, 'startReview', id, 'BUSINESS')).toMatchObject({
      __typename: 'InvalidStateError',
      action: 'start_review',
    });
    await review(isv, 'startReview', id, 'ISV');
    expect((await queue(isv, 'IN_PROGRESS')).totalCount).toBe(1);
    expect(await review(isv, 'passReview', id, 'ISV', 'vendor ok')).toMatchObject({ status: 'IN_REVIEW' });
    expect((await queue(isv, 'PROCESSED')).totalCount).toBe(1);
    expect((await queue(business, 'UNPROCESSED')).edges.map((e: any) => e.node.currentStage)).toEqual(['BUSINESS']);
    await review(business, 'startReview', id, 'BUSINESS');
    expect(await review(business, 'rejectReview', id, 'BUSINESS', 'description missing')).toMatchObject({
      status: 'REJECTED',
    });

    const rejected = await versionState(dev, id);
    expect(rejected.review.phases.map((p: any) => [p.stage, p.status, p.message])).toEqual([
      ['ISV', 'PASSED', 'vendor ok'],
      ['BUSINESS', 'REJECTED', 'description missing'],
      ['TECHNICAL', 'PENDING', null],
    ]);
    const edited = await dev.ok(
      `mutation($id: ID!) { r: updateAppVersion(id: $id, changelog: "adds a description") { ... on AppVersion { status } } }`,
      { id },
    );
    expect(edited.r.status).toBe('DRAFT');
    await act(dev, 'submitAppVersion', id);
    for (const [who, stage] of [
      [isv, 'ISV'],
      [business, 'BUSINESS'],
      [technical, 'TECHNICAL'],
    ] as const) {
      await review(who, 'startReview', id, stage);
      await review(who, 'passReview', id, stage, `${stage} passed`);
    }
    expect(await act(dev, 'releaseAppVersion', id)).toMatchObject({ status: 'ACTIVE' });
    const audits = (await versionState(dev, id)).audits.map((a: any) => [
      a.action,
      a.to,
      a.role,
      a.actor.username,
      a.message,
    ]);
    expect(audits).toEqual([
      ['create', 'DRAFT', 'developer', dev.username, null],
      ['submit', 'SUBMITTED', 'developer', dev.username, null],
      ['start_review', 'IN_REVIEW', 'isv', isv.username, null],
      ['pass_stage', 'IN_REVIEW', 'isv', isv.username, 'vendor ok'],
      ['start_review', 'IN_REVIEW', 'business', business.username, null],
      ['reject', 'REJECTED', 'business', business.username, 'description missing'],
      ['edit', 'DRAFT', 'developer', dev.username, null],
      ['submit', 'SUBMITTED', 'developer', dev.username, null],
      ['start_review', 'IN_REVIEW', 'isv', isv.username, null],
      ['pass_stage', 'IN_REVIEW', 'isv', isv.username, 'ISV passed'],
      ['start_review', 'IN_REVIEW', 'business', business.username, null],
      ['pass_stage', 'IN_REVIEW', 'business', business.username, 'BUSINESS passed'],
      ['start_review', 'IN_REVIEW', 'technical', technical.username, null],
      ['pass', 'PASSED', 'technical', technical.username, 'TECHNICAL passed'],
      ['release', 'ACTIVE', 'developer', dev.username, null],
    ]);
  });

  it('an ISV submitter passes the ISV stage automatically; nobody reviews their own version except an admin', async () => {
    const { versionId: id } = await uploadChart(isv, 'seed001-isv-own');
    expect(await act(isv, 'submitAppVersion', id)).toMatchObject({ status: 'SUBMITTED' });
    const state = await versionState(isv, id);
    expect(state.review.currentStage).toBe('BUSINESS');
    expect(state.audits.at(-1)).toMatchObject({ action: 'auto_pass', role: 'isv', actor: { username: isv.username } });
    const self = await developer(t, 'selfrev', ['DEVELOPER', 'BUSINESS_REVIEWER']);
    const { versionId: own } = await uploadChart(self, 'seed001-self');
    await act(self, 'submitAppVersion', own);
    await review(admin, 'startReview', own, 'ISV');
    await review(admin, 'passReview', own, 'ISV');
    const res = await self.request(`mutation($v: ID!) { startReview(versionId: $v, stage: BUSINESS) { __typename } }`, {
      v: own,
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { versionId: adminOwn } = await uploadChart(admin, 'seed001-admin-own');
    await act(admin, 'submitAppVersion', adminOwn);
    // The admin holds review:isv, so its ISV stage passed by itself.
    expect(await review(admin, 'startReview', adminOwn, 'BUSINESS')).toMatchObject({ status: 'IN_REVIEW' });
    expect((await versionState(admin, adminOwn)).audits.at(-1)).toMatchObject({
      action: 'start_review',
      role: 'admin:self-review',
    });
  });
});

describe('seed 002: the KubeSphere single stage with a custom app-review role', () => {
  it('an admin switches the pipeline; the app-review holder reviews; submitted versions keep their pipeline', async () => {
    const dev = await developer(t, 'ksisv');
    const { versionId: before } = await uploadChart(dev, 'redis');
    await act(dev, 'submitAppVersion', before);
    const denied = await dev.request(`mutation { setReviewPipeline(name: "KUBESPHERE") { name } }`);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      (await admin.ok(`mutation { setReviewPipeline(name: "KUBESPHERE") { name stages } }`)).setReviewPipeline,
    ).toEqual({ name: 'KUBESPHERE', stages: ['APP_REVIEW'] });
    const role = await admin.ok(
      `mutation { createRole(name: "app-review", permissions: ["review:app", "app:manage", "store:view"]) { __typename } }`,
    );
    expect(role.createRole.__typename).toBe('RoleDefinition');
    const reviewer = await developer(t, 'ksrev', ['USER']);
    await admin.ok(
      `mutation($u: ID!) { setUserRoles(userId: $u, roles: [USER], customRoles: ["app-review"]) { id } }`,
      { u: reviewer.userId },
    );
    const reLogin = await reviewer.ok(
      `mutation($u: String!) { login(username: $u, password: "Dev3l0per!Pass") { ... on AuthPayload { accessToken } } }`,
      { u: reviewer.username },
    );
    const rev = reviewer.withToken(reLogin.login.accessToken);

    const { appId } = { appId: (await versionState(dev, before)).app };
    expect(appId).toBeDefined();
    const newer = await uploadChart(dev, 'redis-ks', '11.3.4');
    await act(dev, 'submitAppVersion', newer.versionId);
    expect((await versionState(dev, newer.versionId)).review.currentStage).toBe('APP_REVIEW');
    expect((await versionState(dev, before)).review.currentStage).toBe('ISV');
    await review(rev, 'startReview', newer.versionId, 'APP_REVIEW');
    expect(await review(rev, 'passReview', newer.versionId, 'APP_REVIEW', 'ok')).toMatchObject({ status: 'PASSED' });
    await act(dev, 'releaseAppVersion', newer.versionId);
    const v12 = await uploadChartVersion(dev, newer.appId, 'redis-ks', '12.0.0');
    await act(dev, 'submitAppVersion', v12);
    await review(rev, 'startReview', v12, 'APP_REVIEW');
    await review(rev, 'passReview', v12, 'APP_REVIEW');
    await act(dev, 'releaseAppVersion', v12);
    expect(await act(rev, 'suspendAppVersion', newer.versionId)).toMatchObject({ status: 'SUSPENDED' });
    const app = await dev.ok(
      `query($id: ID!) { app(id: $id) { status versions { edges { node { name status } } } } }`,
      { id: newer.appId },
    );
    expect(app.app.status).toBe('ACTIVE');
    expect(app.app.versions.edges.map((e: any) => [e.node.name, e.node.status])).toEqual([
      ['12.0.0', 'ACTIVE'],
      ['11.3.4', 'SUSPENDED'],
    ]);
    expect(await act(rev, 'recoverAppVersion', newer.versionId)).toMatchObject({ status: 'ACTIVE' });
    await admin.ok(`mutation { setReviewPipeline(name: "OPENPITRIX") { name } }`);
  });
});
