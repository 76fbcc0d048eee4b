/**
 * The Kubernetes RuntimeDriver: every call opens one connection from the target's decrypted
 * kubeconfig (SSRF-checked unless the target is the trusted demo runtime), delegates to it, and
 * closes it. Desired state is a Kubernetes object; a ref names one.
 */
import { Provider } from '../../entities/enums';
import { DriverError } from '../../jobs/errors';
import type { SsrfPolicy } from '../../net/ssrf-policy';
import type {
  CredentialCheck,
  InstanceDescription,
  Readiness,
  RuntimeDriver,
  RuntimeTarget,
} from '../runtime-driver.types';
import type { KubeConnection } from './kube-connection.types';
import type { KubeObject, ObjectRef } from './kube-object.types';

/** `connectKube` of ./kube-connection.ts (injected so the driver stays a thin delegate). */
export type KubeConnector = (
  kubeconfig: string,
  opts: { readonly trusted: boolean; readonly policy: SsrfPolicy },
) => Promise<KubeConnection>;

export interface KubernetesDriverOptions {
  readonly connect: KubeConnector;
  readonly policy: SsrfPolicy;
  /** Server-side apply field manager. */
  readonly fieldManager: string;
  /** Grace period of custom resources whose status is still empty. */
  readonly crGraceMs: number;
}

export class KubernetesDriver implements RuntimeDriver<KubeObject, ObjectRef> {
  readonly provider = Provider.KUBERNETES;

  constructor(private readonly opts: KubernetesDriverOptions) {}

  /** Opens a connection to `target`; the caller closes it. */
  async connect(target: RuntimeTarget): Promise<KubeConnection> {
    const kubeconfig = target.secret.kubeconfig;
    if (!kubeconfig)
      throw new DriverError('KUBE_NO_KUBECONFIG', `runtime ${target.runtimeId} has no kubeconfig credential`, false);
    return this.opts.connect(kubeconfig, { trusted: target.trusted, policy: this.opts.policy });
  }

  async validate(target: RuntimeTarget): Promise<CredentialCheck> {
    try {
      return await this.using(target, async (conn) => {
        const [version, zones] = await Promise.all([conn.serverVersion(), conn.namespaces()]);
        return { ok: true, message: null, zones, serverVersion: `Kubernetes ${version.gitVersion}` };
      });
    } catch (err) {
      if (err instanceof DriverError) return { ok: false, message: err.message, zones: [] };
      throw err;
    }
  }

  observe(target: RuntimeTarget, refs: readonly ObjectRef[]): Promise<readonly (KubeObject | null)[]> {
    return this.using(target, (conn) => Promise.all(refs.map((r) => conn.get(r))));
  }

  apply(target: RuntimeTarget, desired: KubeObject): Promise<KubeObject> {
    return this.using(target, (conn) =>
      conn.apply(desired, target.namespace, { fieldManager: this.opts.fieldManager, force: true }),
    );
  }

  wait(target: RuntimeTarget, refs: readonly ObjectRef[], since: Date = new Date()): Promise<Readiness> {
    return this.using(target, (conn) => conn.readiness(refs, { since, crGraceMs: this.opts.crGraceMs }));
  }

  async delete(target: RuntimeTarget, refs: readonly ObjectRef[]): Promise<void> {
    await this.using(target, async (conn) => {
      for (const ref of refs) await conn.remove(ref);
    });
  }

  describe(target: RuntimeTarget, refs: readonly ObjectRef[]): Promise<InstanceDescription> {
    return this.using(target, (conn) => conn.describe(refs));
  }

  private async using<T>(target: RuntimeTarget, fn: (conn: KubeConnection) => Promise<T>): Promise<T> {
    const conn = await this.connect(target);
    try {
      return await fn(conn);
    } finally {
      conn.close();
    }
  }
}
