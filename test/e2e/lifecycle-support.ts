/**
 * Helpers for the version lifecycle and review suites: uploading a chart as a new app, the
 * lifecycle mutations by name, and reading a version's status, review and audits.
 */
import { join } from 'node:path';
import type { GraphQLClient } from '../support/graphql-client';
import { tgzOf, uploadOk } from './catalog-support';

export const HELLO = join(__dirname, '../fixtures/packages/hello-chart');

const RESULT = `__typename ... on AppVersion { id status } ... on InvalidStateError { errorCode from action message } ... on ErrorResult { errorCode message }`;

/** A new app from hello-chart renamed `name` (version `version`); returns app and first version ids. */
export async function uploadChart(
  client: GraphQLClient,
  name: string,
  version = '0.3.1',
): Promise<{ appId: string; versionId: string }> {
  const tgz = tgzOf(HELLO, name, (files) =>
    files.map((f) =>
      f.path === 'Chart.yaml'
        ? {
            ...f,
            data: Buffer.from(
              `apiVersion: v2\nname: ${name}\nversion: ${version}\nappVersion: "1.0"\ndescription: ${name} chart\n`,
            ),
          }
        : f,
    ),
  );
  const data = await uploadOk(
    client,
    `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename ... on App { id latestVersion { id } } ... on ErrorResult { message } } }`,
    { input: {} },
    [{ at: 'input.package', data: tgz }],
  );
  if (data.createApp.__typename !== 'App') throw new Error(`createApp: ${data.createApp.message}`);
  return { appId: data.createApp.id, versionId: data.createApp.latestVersion.id };
}

/** A new version of an uploaded chart app. */
export async function uploadChartVersion(
  client: GraphQLClient,
  appId: string,
  name: string,
  version: string,
): Promise<string> {
  const tgz = tgzOf(HELLO, name, (files) =>
    files.map((f) =>
      f.path === 'Chart.yaml' ? { ...f, data: Buffer.from(`apiVersion: v2\nname: ${name}\nversion: ${version}\n`) } : f,
    ),
  );
  const data = await uploadOk(
    client,
    `mutation($a: ID!, $p: Upload!) { createAppVersion(appId: $a, package: $p) { __typename ... on AppVersion { id } ... on ErrorResult { message } } }`,
    { a: appId },
    [{ at: 'p', data: tgz }],
  );
  if (data.createAppVersion.__typename !== 'AppVersion')
    throw new Error(`createAppVersion: ${data.createAppVersion.message}`);
  return data.createAppVersion.id;
}

export type VersionMutation =
  | 'submitAppVersion'
  | 'cancelAppVersion'
  | 'releaseAppVersion'
  | 'suspendAppVersion'
  | 'recoverAppVersion'
  | 'deleteAppVersion';

/** One id-only lifecycle mutation; answers the result union member. */
export async function act(client: GraphQLClient, mutation: VersionMutation, id: string): Promise<Record<string, any>> {
  const data = await client.ok(`mutation($id: ID!) { r: ${mutation}(id: $id) { ${RESULT} } }`, { id });
  return data.r;
}

/** startReview / passReview / rejectReview at a stage. */
export async function review(
  client: GraphQLClient,
  op: 'startReview' | 'passReview' | 'rejectReview',
  versionId: string,
  stage: string,
  message?: string,
): Promise<Record<string, any>> {
  const msgArg = op === 'startReview' ? '' : ', message: $m';
  const msgVar = op === 'startReview' ? '' : `, $m: String${op === 'rejectReview' ? '!' : ''}`;
  const data = await client.ok(
    `mutation($v: ID!, $s: ReviewStage!${msgVar}) { r: ${op}(versionId: $v, stage: $s${msgArg}) { ${RESULT} } }`,
    { v: versionId, s: stage, ...(op === 'startReview' ? {} : { m: message ?? null }) },
  );
  return data.r;
}

/** The version's status, app status, review phases and audits. */
export async function versionState(client: GraphQLClient, id: string): Promise<Record<string, any>> {
  const data = await client.ok(
    `query($id: ID!) { appVersion(id: $id) { id name status changelog app { status }
      review { status currentStage submittedBy { username } phases { stage status message reviewer { username } } }
      audits { action from to role message actor { username } } } }`,
    { id },
  );
  return data.appVersion;
}

/** Drives a version through submit, the three default stages (reviewed by `reviewer`) and release: ACTIVE. */
export async function releaseVersion(dev: GraphQLClient, reviewer: GraphQLClient, versionId: string): Promise<void> {
  await act(dev, 'submitAppVersion', versionId);
  for (const stage of ['ISV', 'BUSINESS', 'TECHNICAL']) {
    await review(reviewer, 'startReview', versionId, stage);
    await review(reviewer, 'passReview', versionId, stage, 'ok');
  }
  const released = await act(dev, 'releaseAppVersion', versionId);
  if (released.status !== 'ACTIVE') throw new Error(`release: ${JSON.stringify(released)}`);
}
