/**
 * Helpers for the instance suites: a Kubernetes runtime row for a user (credential sealed like
 * createRuntimeCredential does), an ACTIVE chart version, and the instance mutations by name.
 */
import { Provider, RuntimeEnvironment } from '../../src/entities/enums';
import { Runtime } from '../../src/entities/runtime.entity';
import { RuntimeCredential } from '../../src/entities/runtime-credential.entity';
import { User } from '../../src/entities/user.entity';
import { Workspace } from '../../src/entities/workspace.entity';
import { sealCredentialSecret } from '../../src/services/runtimes/credential-secret';
import type { GraphQLClient } from '../support/graphql-client';
import type { TestMarina } from '../support/marina';
import type { Authed } from './catalog-support';
import { releaseVersion, uploadChart } from './lifecycle-support';

export const INSTANCE_JOB = `__typename
  ... on InstanceJob { instance { id name status transitionStatus revision config lastError } job { id action status tasks { action } } }
  ... on InvalidStateError { errorCode from action message }
  ... on ErrorResult { errorCode message }`;

/**
 * A credential and a runtime of `user` for the Kubernetes sandbox's `namespace`, created through
 * GraphQL as a user would; returns the runtime id.
 */
export async function createSandboxRuntime(
  user: GraphQLClient,
  kubeconfig: string,
  namespace: string,
  opts: { name?: string; labels?: Record<string, string>; environment?: 'TEST' | 'PRODUCTION' } = {},
): Promise<string> {
  const name = opts.name ?? `sb-${Math.random().toString(36).slice(2, 7)}`;
  const cred = await user.ok(
    `mutation($i: CreateRuntimeCredentialInput!) { createRuntimeCredential(input: $i) { id } }`,
    { i: { name, provider: 'KUBERNETES', kubeconfig } },
  );
  const input = {
    name,
    provider: 'KUBERNETES',
    credentialId: cred.createRuntimeCredential.id,
    namespace,
    ...(opts.labels ? { labels: opts.labels } : {}),
    ...(opts.environment ? { environment: opts.environment } : {}),
  };
  const rt = await user.ok(
    `mutation($i: CreateRuntimeInput!) { createRuntime(input: $i) { __typename ... on Runtime { id } ... on ErrorResult { message } } }`,
    { i: input },
  );
  if (rt.createRuntime.__typename !== 'Runtime') throw new Error(rt.createRuntime.message);
  return rt.createRuntime.id;
}

/** A Kubernetes runtime of `user`'s workspace pointing at `kubeconfig` (not contacted here). */
export async function kubeRuntime(
  t: TestMarina,
  user: Authed,
  opts: { name?: string; environment?: RuntimeEnvironment; namespace?: string; kubeconfig?: string } = {},
): Promise<string> {
  const me = await user.ok(`{ me { workspace { id } } }`);
  const em = t.marina.orm.em.fork();
  const owner = em.getReference(User, user.userId);
  const workspace = em.getReference(Workspace, me.me.workspace.id);
  const name = opts.name ?? `k8s-${Math.random().toString(36).slice(2, 7)}`;
  const credential = em.create(RuntimeCredential, {
    owner,
    workspace,
    name,
    provider: Provider.KUBERNETES,
    secretCiphertext: '',
  });
  credential.secretCiphertext = sealCredentialSecret(t.marina.services.platform.secrets, credential.id, {
    kubeconfig: opts.kubeconfig ?? 'apiVersion: v1\nkind: Config\n',
  });
  const runtime = em.create(Runtime, {
    owner,
    workspace,
    name,
    provider: Provider.KUBERNETES,
    credential,
    namespace: opts.namespace ?? 'default',
    environment: opts.environment ?? RuntimeEnvironment.TEST,
  });
  await em.flush();
  return runtime.id;
}

/** An ACTIVE version of a new chart app uploaded by `dev` (reviewed by the admin). */
export async function activeChart(
  dev: Authed,
  admin: GraphQLClient,
  name: string,
): Promise<{ appId: string; versionId: string }> {
  const chart = await uploadChart(dev, name);
  await releaseVersion(dev, admin, chart.versionId);
  return chart;
}

export async function deploy(
  client: GraphQLClient,
  input: { versionId: string; runtimeId: string; name: string; config?: unknown },
): Promise<Record<string, any>> {
  const data = await client.ok(`mutation($i: DeployInput!) { r: deployInstance(input: $i) { ${INSTANCE_JOB} } }`, {
    i: input,
  });
  return data.r;
}

export type PlainMutation = 'stopInstance' | 'startInstance' | 'deleteInstance' | 'recoverInstance' | 'ceaseInstance';

export async function act(client: GraphQLClient, mutation: PlainMutation, id: string): Promise<Record<string, any>> {
  const data = await client.ok(`mutation($id: ID!) { r: ${mutation}(id: $id) { ${INSTANCE_JOB} } }`, { id });
  return data.r;
}
