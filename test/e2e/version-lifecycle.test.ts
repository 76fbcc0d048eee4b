/**
 * The version state machine over GraphQL on real PostgreSQL: seed 000's developer path (upload →
 * DRAFT → submit → cancel → submit → three review stages → PASSED → release → ACTIVE) with every
 * audit row, and every illegal transition of the table answered with InvalidStateError changing nothing.
 */
import { startTestMarina, type TestMarina } from '../support/marina';
import type { GraphQLClient } from '../support/graphql-client';
import { type Authed, developer, sql } from './catalog-support';
import { act, review, uploadChart, versionState, type VersionMutation } from './lifecycle-support';

let t: TestMarina;
let dev: Authed;
let admin: GraphQLClient;

beforeAll(async () => {
  t = await startTestMarina('version_lifecycle');
  admin = await t.admin();
  dev = await developer(t);
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

const STAGES = ['ISV', 'BUSINESS', 'TECHNICAL'];

async function reviewAll(id: string): Promise<void> {
  for (const stage of STAGES) {
    expect(await review(admin, 'startReview', id, stage)).toMatchObject({
      __typename: 'AppVersion',
      status: 'IN_REVIEW',
    });
    const passed = await review(admin, 'passReview', id, stage, `${stage} ok`);
    expect(passed).toMatchObject({ __typename: 'AppVersion', status: stage === 'TECHNICAL' ? 'PASSED' : 'IN_REVIEW' });
  }
}

describe("seed 000: the developer's path", () => {
  it('upload → DRAFT → submit → cancel → DRAFT → submit → ISV, BUSINESS, TECHNICAL → PASSED → release → ACTIVE, every step audited', async () => {
    const { versionId } = await uploadChart(dev, 'seed000-wordpress');
    expect((await versionState(dev, versionId)).status).toBe('DRAFT');
    expect(await act(dev, 'submitAppVersion', versionId)).toMatchObject({
      __typename: 'AppVersion',
      status: 'SUBMITTED',
    });
    expect(await act(dev, 'cancelAppVersion', versionId)).toMatchObject({ status: 'DRAFT' });
    expect(await act(dev, 'submitAppVersion', versionId)).toMatchObject({ status: 'SUBMITTED' });
    await reviewAll(versionId);
    expect(await act(dev, 'releaseAppVersion', versionId)).toMatchObject({ status: 'ACTIVE' });

    const state = await versionState(dev, versionId);
    expect(state.status).toBe('ACTIVE');
    expect(state.app.status).toBe('ACTIVE');
    expect(state.review).toMatchObject({
      status: 'PASSED',
      currentStage: null,
      submittedBy: { username: dev.username },
    });
    expect(state.review.phases.map((p: any) => [p.stage, p.status, p.message, p.reviewer.username])).toEqual(
      STAGES.map((s) => [s, 'PASSED', `${s} ok`, 'admin']),
    );
    const trail = state.audits.map((a: any) => [a.action, a.from, a.to, a.role, a.actor.username]);
    expect(trail).toEqual([
      ['create', null, 'DRAFT', 'developer', dev.username],
      ['submit', 'DRAFT', 'SUBMITTED', 'developer', dev.username],
      ['cancel', 'SUBMITTED', 'DRAFT', 'developer', dev.username],
      ['submit', 'DRAFT', 'SUBMITTED', 'developer', dev.username],
      ['start_review', 'SUBMITTED', 'IN_REVIEW', 'admin', 'admin'],
      ['pass_stage', 'IN_REVIEW', 'IN_REVIEW', 'admin', 'admin'],
      ['start_review', 'IN_REVIEW', 'IN_REVIEW', 'admin', 'admin'],
      ['pass_stage', 'IN_REVIEW', 'IN_REVIEW', 'admin', 'admin'],
      ['start_review', 'IN_REVIEW', 'IN_REVIEW', 'admin', 'admin'],
      ['pass', 'IN_REVIEW', 'PASSED', 'admin', 'admin'],
      ['release', 'PASSED', 'ACTIVE', 'developer', dev.username],
    ]);
    expect(state.audits.find((a: any) => a.action === 'pass').message).toBe('TECHNICAL ok');
  });

  it('updateAppVersion edits a DRAFT changelog; a REJECTED version returns to DRAFT; ACTIVE is immutable', async () => {
    const { versionId } = await uploadChart(dev, 'seed000-edit');
    const edit = (c: string) =>
      dev.ok(
        `mutation($id: ID!, $c: String) { r: updateAppVersion(id: $id, changelog: $c) { __typename ... on AppVersion { status changelog } ... on InvalidStateError { from action } } }`,
        { id: versionId, c },
      );
    expect((await edit('first')).r).toEqual({ __typename: 'AppVersion', status: 'DRAFT', changelog: 'first' });
    await act(dev, 'submitAppVersion', versionId);
    expect((await edit('during review')).r).toEqual({
      __typename: 'InvalidStateError',
      from: 'SUBMITTED',
      action: 'edit',
    });
    await review(admin, 'startReview', versionId, 'ISV');
    expect(await review(admin, 'rejectReview', versionId, 'ISV', 'needs a README')).toMatchObject({
      status: 'REJECTED',
    });
    expect(await act(dev, 'submitAppVersion', versionId)).toMatchObject({
      __typename: 'InvalidStateError',
      from: 'REJECTED',
      action: 'submit',
    });
    expect((await edit('fixed')).r).toEqual({ __typename: 'AppVersion', status: 'DRAFT', changelog: 'fixed' });
    expect(await act(dev, 'submitAppVersion', versionId)).toMatchObject({ status: 'SUBMITTED' });
    await reviewAll(versionId);
    await act(dev, 'releaseAppVersion', versionId);
    expect((await edit('after release')).r).toEqual({
      __typename: 'InvalidStateError',
      from: 'ACTIVE',
      action: 'edit',
    });
    expect((await versionState(dev, versionId)).changelog).toBe('fixed');
  });
});

/** Drives a new version of a new app into `status` through the API. */
async function versionIn(status: string, n: number): Promise<string> {
  const { versionId: id } = await uploadChart(dev, `illegal-${status.toLowerCase()}-${n}`);
  const steps: Record<string, Array<() => Promise<unknown>>> = {
    DRAFT: [],
    SUBMITTED: [() => act(dev, 'submitAppVersion', id)],
    IN_REVIEW: [() => act(dev, 'submitAppVersion', id), () => review(admin, 'startReview', id, 'ISV')],
    PASSED: [() => act(dev, 'submitAppVersion', id), () => reviewAll(id)],
    REJECTED: [
      () => act(dev, 'submitAppVersion', id),
      () => review(admin, 'startReview', id, 'ISV'),
      () => review(admin, 'rejectReview', id, 'ISV', 'no'),
    ],
    ACTIVE: [() => act(dev, 'submitAppVersion', id), () => reviewAll(id), () => act(dev, 'releaseAppVersion', id)],
    SUSPENDED: [
      () => act(dev, 'submitAppVersion', id),
      () => reviewAll(id),
      () => act(dev, 'releaseAppVersion', id),
      () => act(admin, 'suspendAppVersion', id),
    ],
    DELETED: [() => act(dev, 'deleteAppVersion', id)],
  };
  for (const step of steps[status]) await step();
  expect((await versionState(admin, id)).status).toBe(status);
  return id;
}

// Mutation → (machine action, the states it is legal in), per PRODUCT.md D3.
const LEGAL: Record<VersionMutation, [string, string[]]> = {
  submitAppVersion: ['submit', ['DRAFT']],
  cancelAppVersion: ['cancel', ['SUBMITTED', 'IN_REVIEW', 'PASSED']],
  releaseAppVersion: ['release', ['PASSED']],
  suspendAppVersion: ['suspend', ['ACTIVE']],
  recoverAppVersion: ['recover', ['SUSPENDED']],
  deleteAppVersion: ['delete', ['DRAFT', 'PASSED', 'REJECTED', 'SUSPENDED']],
};

describe('illegal transitions', () => {
  it('every illegal (state, mutation) pair answers InvalidStateError { from, action } and changes nothing', async () => {
    const statuses = ['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'PASSED', 'REJECTED', 'ACTIVE', 'SUSPENDED', 'DELETED'];
    let checked = 0;
    for (const [i, status] of statuses.entries()) {
      const id = await versionIn(status, i);
      const before = await sql(
        t,
        'select v.status, a.status app_status, (select count(*) from version_audits where version_id = v.id) audits, (select count(*) from reviews where version_id = v.id) reviews from app_versions v join apps a on a.id = v.app_id where v.id = $1',
        [id],
      );
      for (const [mutation, [action, legalIn]] of Object.entries(LEGAL) as [VersionMutation, [string, string[]]][]) {
        if (legalIn.includes(status)) continue;
        const client = mutation === 'suspendAppVersion' || mutation === 'recoverAppVersion' ? admin : dev;
        expect([mutation, await act(client, mutation, id)]).toEqual([
          mutation,
          expect.objectContaining({
            __typename: 'InvalidStateError',
            errorCode: 'INVALID_STATE',
            from: status,
            action,
          }),
        ]);
        checked++;
      }
      for (const stage of ['ISV', 'BUSINESS']) {
        if (status === 'IN_REVIEW' && stage === 'ISV') continue; // claimed: passing it is legal
        expect(await review(admin, 'passReview', id, stage, 'x')).toMatchObject({
          __typename: 'InvalidStateError',
          from: status,
        });
        checked++;
      }
      const after = await sql(
        t,
        'select v.status, a.status app_status, (select count(*) from version_audits where version_id = v.id) audits, (select count(*) from reviews where version_id = v.id) reviews from app_versions v join apps a on a.id = v.app_id where v.id = $1',
        [id],
      );
      expect(after).toEqual(before);
    }
    expect(checked).toBe(8 * 6 - 11 + 15);
  }, 180_000);

  it('a DEVELOPER cannot review, suspend or recover (FORBIDDEN)', async () => {
    const { versionId } = await uploadChart(dev, 'forbidden-review');
    await act(dev, 'submitAppVersion', versionId);
    const res = await dev.request(`mutation($v: ID!) { startReview(versionId: $v, stage: ISV) { __typename } }`, {
      v: versionId,
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const sus = await dev.request(`mutation($v: ID!) { suspendAppVersion(id: $v) { __typename } }`, { v: versionId });
    expect(sus.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await versionState(dev, versionId)).status).toBe('SUBMITTED');
  });
});
