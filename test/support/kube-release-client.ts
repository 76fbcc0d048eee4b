/**
 * A minimal cluster client for release-store tests, built directly on @kubernetes/client-node:
 * the `get | list | create | replace | remove` part of KubeConnection with its error contract
 * (KUBE_CONFLICT DriverErrors for "exists" and stale resourceVersions, null / 'absent' for 404), plus
 * a server-side apply. It stands in until the application's KubeConnection is available to tests.
 */
import { clientNode as k8s, type KubeSandbox } from '@marina/kube-sandbox';
import { DriverError } from '../../src/jobs/errors';
import type { ApplyOptions, KubeConnection } from '../../src/drivers/kubernetes/kube-connection.types';
import type { KubeObject, ObjectRef } from '../../src/drivers/kubernetes/kube-object.types';

export type TestReleaseClient = Pick<KubeConnection, 'get' | 'list' | 'create' | 'replace' | 'remove'> & {
  apply(obj: KubeObject, defaultNamespace: string, opts: ApplyOptions): Promise<KubeObject>;
};

type ObjectApi = InstanceType<typeof k8s.KubernetesObjectApi>;

const plain = (o: unknown): KubeObject => JSON.parse(JSON.stringify(o)) as KubeObject;
const codeOf = (err: unknown): number => Number((err as { code?: number }).code);

function translate(err: unknown, what: string): never {
  const code = codeOf(err);
  if (code === 409) throw new DriverError('KUBE_CONFLICT', `${what}: conflict`, false, { cause: err });
  if (code === 404) throw new DriverError('KUBE_NOT_FOUND', `${what}: not found`, false, { cause: err });
  throw new DriverError('KUBE_ERROR', `${what}: HTTP ${code}`, code >= 500, { cause: err });
}

const spec = (ref: ObjectRef) => ({
  apiVersion: ref.apiVersion,
  kind: ref.kind,
  metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
});

export function releaseClientFor(sandbox: KubeSandbox): TestReleaseClient {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(sandbox.kubeconfig);
  const api: ObjectApi = k8s.KubernetesObjectApi.makeApiClient(kc);
  return {
    async get(ref) {
      try {
        return plain(await api.read(spec(ref)));
      } catch (err) {
        if (codeOf(err) === 404) return null;
        return translate(err, `get ${ref.kind}/${ref.name}`);
      }
    },
    async list(apiVersion, kind, namespace, labelSelector) {
      try {
        const l = await api.list(
          apiVersion,
          kind,
          namespace ?? undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          labelSelector,
        );
        return l.items.map(plain);
      } catch (err) {
        return translate(err, `list ${kind}`);
      }
    },
    async create(obj, ns) {
      const body = { ...obj, metadata: { ...obj.metadata, namespace: obj.metadata.namespace ?? ns ?? undefined } };
      try {
        return plain(await api.create(body));
      } catch (err) {
        return translate(err, `create ${obj.kind}/${obj.metadata.name}`);
      }
    },
    async replace(obj) {
      try {
        return plain(await api.replace(obj));
      } catch (err) {
        return translate(err, `replace ${obj.kind}/${obj.metadata.name}`);
      }
    },
    async remove(ref) {
      try {
        await api.delete(spec(ref), undefined, undefined, undefined, undefined, 'Background');
        return 'deleted';
      } catch (err) {
        if (codeOf(err) === 404) return 'absent';
        return translate(err, `delete ${ref.kind}/${ref.name}`);
      }
    },
    async apply(obj, ns, opts) {
      const body = { ...obj, metadata: { ...obj.metadata, namespace: obj.metadata.namespace ?? ns } };
      try {
        return plain(
          await api.patch(body, undefined, undefined, opts.fieldManager, opts.force, k8s.PatchStrategy.ServerSideApply),
        );
      } catch (err) {
        return translate(err, `apply ${obj.kind}/${obj.metadata.name}`);
      }
    },
  };
}
