/**
 * Helpers of the runtime-resources and instance-identity suites: a sandbox Kubernetes runtime of
 * a user created through GraphQL, and a chart app (hello-chart with extra templates) deployed by
 * its owner to that TEST runtime.
 */
import type { Authed } from './catalog-support';
import { awaitJob, tgzOf, uploadOk } from './catalog-support';
import { HELLO } from './lifecycle-support';
import { createSandboxRuntime, INSTANCE_JOB } from './instances-support';

/** A credential and a runtime of `user` for the sandbox's `namespace` (random name). */
export function sandboxRuntime(
  user: Authed,
  kubeconfig: string,
  namespace: string,
  labels?: Record<string, string>,
): Promise<string> {
  return createSandboxRuntime(user, kubeconfig, namespace, { labels });
}

/**
 * A new chart app `name` from hello-chart with `templates` (file name → text) added and
 * `extraFiles` at the chart root; returns its app and version ids.
 */
export async function uploadChartWith(
  user: Authed,
  name: string,
  templates: Record<string, string>,
  extraFiles: Record<string, string> = {},
  chartYamlExtra = '',
): Promise<{ appId: string; versionId: string }> {
  const tgz = tgzOf(HELLO, name, (files) => [
    ...files.map((f) =>
      f.path === 'Chart.yaml'
        ? {
            ...f,
            data: Buffer.from(`apiVersion: v2\nname: ${name}\nversion: 1.0.0\nappVersion: "1.0"\n${chartYamlExtra}`),
          }
        : f,
    ),
    ...Object.entries(templates).map(([file, text]) => ({ path: `templates/${file}`, data: Buffer.from(text) })),
    ...Object.entries(extraFiles).map(([file, text]) => ({ path: file, data: Buffer.from(text) })),
  ]);
  const data = await uploadOk(
    user,
    `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename ... on App { id latestVersion { id } } ... on ErrorResult { message } } }`,
    { input: {} },
    [{ at: 'input.package', data: tgz }],
  );
  if (data.createApp.__typename !== 'App') throw new Error(`createApp: ${data.createApp.message}`);
  return { appId: data.createApp.id, versionId: data.createApp.latestVersion.id };
}

/** deployInstance with `extra` fields selected on InstanceJob; waits for the job when it started. */
export async function deployAndWait(
  user: Authed,
  input: { versionId: string; runtimeId: string; name: string; config?: unknown },
  extra = '',
): Promise<{ result: Record<string, any>; jobStatus: string | null }> {
  const data = await user.ok(
    `mutation($i: DeployInput!) { r: deployInstance(input: $i) { ${INSTANCE_JOB} ${extra ? `... on InstanceJob { ${extra} }` : ''} } }`,
    { i: input },
  );
  if (data.r.__typename !== 'InstanceJob') return { result: data.r, jobStatus: null };
  return { result: data.r, jobStatus: await awaitJob(user, data.r.job.id, 120_000) };
}
