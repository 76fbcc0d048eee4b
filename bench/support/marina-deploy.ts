/**
 * Driving deploys through Marina's public API for benches: a developer, a chart released to
 * ACTIVE, Kubernetes credential and runtimes (GraphQL), and instance mutations whose job is
 * followed to its end over the `jobUpdated` subscription.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GraphQLClient } from '../../test/support/graphql-client';
import { uploadOk } from '../../test/e2e/catalog-support';
import { releaseVersion } from '../../test/e2e/lifecycle-support';

export type Authed = GraphQLClient & { userId: string; username: string };

const INSTANCE_JOB = `__typename ... on InstanceJob { instance { id status } job { id } } ... on ErrorResult { errorCode message }`;

/** A new DEVELOPER user created by `admin`, logged in. */
export async function createDeveloper(admin: GraphQLClient, prefix = 'benchdev'): Promise<Authed> {
  const username = `${prefix}${Math.random().toString(36).slice(2, 8)}`;
  const data = await admin.ok(
    `mutation($u:String!,$e:String!){ createUser(username:$u,email:$e,password:"Dev3l0per!Pass",roles:[DEVELOPER]){ __typename ... on AuthPayload { accessToken user { id username } } ... on ErrorResult { message } } }`,
    { u: username, e: `${username}@example.com` },
  );
  if (data.createUser.__typename !== 'AuthPayload') throw new Error(`createUser: ${data.createUser.message}`);
  return Object.assign(admin.withToken(data.createUser.accessToken), { userId: data.createUser.user.id, username });
}

/** `helm package` of a chart directory (helm 3), as bytes. */
export function packageChart(helm: string, chartDir: string): Buffer {
  const out = mkdtempSync(join(tmpdir(), 'marina-bench-pkg-'));
  try {
    execFileSync(helm, ['package', chartDir, '-d', out], { stdio: 'pipe' });
    const [file] = readdirSync(out).filter((f) => f.endsWith('.tgz'));
    return readFileSync(join(out, file));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** A new app from the packaged chart `tgz`, its version reviewed by `admin` and released (ACTIVE); returns the version id. */
export async function releasedChart(dev: Authed, admin: GraphQLClient, tgz: Buffer): Promise<string> {
  const data = await uploadOk(
    dev,
    `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename ... on App { id latestVersion { id } } ... on ErrorResult { message } } }`,
    { input: {} },
    [{ at: 'input.package', data: tgz }],
  );
  if (data.createApp.__typename !== 'App') throw new Error(`createApp: ${data.createApp.message}`);
  const versionId = data.createApp.latestVersion.id as string;
  await releaseVersion(dev, admin, versionId);
  return versionId;
}

/** A Kubernetes runtime credential holding `kubeconfig`; returns its id. */
export async function kubeCredential(user: Authed, kubeconfig: string): Promise<string> {
  const data = await user.ok(
    `mutation($input: CreateRuntimeCredentialInput!) { createRuntimeCredential(input: $input) { id } }`,
    { input: { name: `kube-${Math.random().toString(36).slice(2, 8)}`, provider: 'KUBERNETES', kubeconfig } },
  );
  return data.createRuntimeCredential.id as string;
}

/** A Kubernetes runtime on `namespace` (created by Marina if missing); returns its id. */
export async function kubeRuntime(user: Authed, credentialId: string, namespace: string): Promise<string> {
  const data = await user.ok(
    `mutation($input: CreateRuntimeInput!) { createRuntime(input: $input) { __typename ... on Runtime { id } ... on ErrorResult { errorCode message } } }`,
    { input: { name: namespace, provider: 'KUBERNETES', credentialId, namespace, environment: 'TEST' } },
  );
  if (data.createRuntime.__typename !== 'Runtime')
    throw new Error(`createRuntime: ${JSON.stringify(data.createRuntime)}`);
  return data.createRuntime.id as string;
}

export interface Started {
  readonly instanceId: string;
  readonly jobId: string;
  /** performance.now() before the request was sent, and when its response was read. */
  readonly sentAt: number;
  readonly answeredAt: number;
  /** Date.now() before the request was sent (to compare with database timestamps). */
  readonly sentWallMs: number;
}

async function instanceMutation(user: Authed, mutation: string, variables: Record<string, unknown>): Promise<Started> {
  const sentWallMs = Date.now();
  const sentAt = performance.now();
  const data = await user.ok(`${mutation} { ${INSTANCE_JOB} } }`, variables);
  const answeredAt = performance.now();
  const r = data.r;
  if (r.__typename !== 'InstanceJob') throw new Error(`instance mutation refused: ${JSON.stringify(r)}`);
  return { instanceId: r.instance.id, jobId: r.job.id, sentAt, answeredAt, sentWallMs };
}

export function deployInstance(
  user: Authed,
  input: { versionId: string; runtimeId: string; name: string; config?: unknown },
): Promise<Started> {
  return instanceMutation(user, `mutation($i: DeployInput!) { r: deployInstance(input: $i)`, { i: input });
}

export function upgradeInstance(user: Authed, id: string, versionId: string, config: unknown): Promise<Started> {
  return instanceMutation(
    user,
    `mutation($id: ID!, $v: ID!, $c: JSON) { r: upgradeInstance(id: $id, versionId: $v, config: $c)`,
    {
      id,
      v: versionId,
      c: config,
    },
  );
}

export function deleteInstance(user: Authed, id: string): Promise<Started> {
  return instanceMutation(user, `mutation($id: ID!) { r: deleteInstance(id: $id)`, { id });
}

/**
 * Follows the job over `jobUpdated` until it is terminal; resolves with its status and the
 * performance.now() at which the terminal snapshot arrived.
 */
export function jobEnd(
  user: Authed,
  jobId: string,
  timeoutMs = 300_000,
): Promise<{ status: string; at: number; error: string | null }> {
  const ws = user.ws();
  return new Promise<{ status: string; at: number; error: string | null }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`job ${jobId} not finished after ${timeoutMs} ms`)), timeoutMs);
    ws.subscribe<{ jobUpdated: { status: string; error: string | null } }>(
      { query: `subscription($id: ID!) { jobUpdated(jobId: $id) { status error } }`, variables: { id: jobId } },
      {
        next: (msg) => {
          const at = performance.now();
          const update = msg.data?.jobUpdated;
          if (!update) {
            clearTimeout(timer);
            reject(new Error(`jobUpdated: ${JSON.stringify(msg.errors)}`));
          } else if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(update.status)) {
            clearTimeout(timer);
            resolve({ status: update.status, at, error: update.error });
          }
        },
        error: (err) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
        },
        complete: () => undefined,
      },
    );
  }).finally(() => void ws.dispose());
}

/** The instance's status (read after its job ended: settled in the job's finishing transaction). */
export async function instanceStatus(user: Authed, id: string): Promise<string> {
  return (await user.ok(`query($id: ID!) { instance(id: $id) { status } }`, { id })).instance.status as string;
}
