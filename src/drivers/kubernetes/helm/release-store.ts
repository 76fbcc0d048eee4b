/**
 * Helm release storage (the Secrets driver) over a Kubernetes client: read history, write a new
 * revision idempotently, change statuses with optimistic concurrency. Records stay readable and
 * writable by helm 3.17 and helm 4.1 (see release-secret.ts, release-codec.ts).
 *
 * Guarantees:
 * - `write` creates the revision's Secret; if it already exists with the same content (a resumed
 *   job writing again) it returns the stored record — never a second record, never a failure. If a
 *   different record holds that revision, it throws DriverError HELM_REVISION_EXISTS (not retryable).
 * - `update`/`setStatus` read, change and replace with the read `resourceVersion`; on a lost race
 *   they re-read and re-apply the change (up to 5 times). Status changes follow
 *   release-status.table.ts; an illegal one throws HELM_ILLEGAL_STATUS and changes nothing.
 * - Secrets that do not decode are skipped by `history` (as helm skips them) and reported through
 *   `onCorrupt`.
 */
import { DriverError } from '../../../jobs/errors';
import type { KubeConnection } from '../kube-connection.types';
import type { ObjectRef } from '../kube-object.types';
import type { HelmHookRecord, HelmRelease, HelmStatus, HookExecution } from './helm-release.types';
import { releaseSecretName } from './release-name';
import { HELM_OWNER, releaseFromSecret, releaseSecret } from './release-secret';
import { canSetStatus } from './release-status.table';
import { isSameRevision } from './release-compare';

/** What the store needs of a cluster connection. */
export type ReleaseClient = Pick<KubeConnection, 'get' | 'list' | 'create' | 'replace' | 'remove'>;

/**
 * Label on the storage Secrets of releases Marina made, holding the instance id. Helm keeps custom
 * labels across its own upgrades and rollbacks, so the mark survives helm touching the release.
 */
export const MARINA_OWNER_LABEL = 'marina.io/instance';

const MAX_RACES = 5;

export interface ReleaseStoreOptions {
  readonly now?: () => Date;
  /** Told about storage Secrets that do not decode (skipped). */
  readonly onCorrupt?: (secretName: string, error: Error) => void;
}

export class ReleaseStore {
  private readonly now: () => Date;

  constructor(
    private readonly client: ReleaseClient,
    readonly namespace: string,
    private readonly opts: ReleaseStoreOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Every readable revision of `name`, oldest first; [] when there is none. */
  async history(name: string): Promise<HelmRelease[]> {
    const secrets = await this.client.list('v1', 'Secret', this.namespace, `name=${name},owner=${HELM_OWNER}`);
    const out: HelmRelease[] = [];
    for (const s of secrets) {
      try {
        out.push(releaseFromSecret(s));
      } catch (err) {
        this.opts.onCorrupt?.(s.metadata.name, err as Error);
      }
    }
    return out.filter((r) => r.name === name).sort((a, b) => a.version - b.version);
  }

  /** Revision `version` of `name`, or null. Throws ReleaseDecodeError for an unreadable record. */
  async get(name: string, version: number): Promise<HelmRelease | null> {
    const s = await this.client.get(this.ref(name, version));
    return s ? releaseFromSecret(s) : null;
  }

  /** The highest revision, or null. */
  async latest(name: string): Promise<HelmRelease | null> {
    return (await this.history(name)).at(-1) ?? null;
  }

  /** The highest `deployed` revision (Helm's `Deployed`), or null. */
  async deployed(name: string): Promise<HelmRelease | null> {
    return (await this.history(name)).filter((r) => r.info.status === 'deployed').at(-1) ?? null;
  }

  /**
   * True when `name` is held by a release that is not `ownedBy`'s (the value of
   * {@link MARINA_OWNER_LABEL} on its latest revision). Without `ownedBy`, any release holds it.
   */
  async nameTaken(name: string, ownedBy?: string): Promise<boolean> {
    const last = await this.latest(name);
    if (!last) return false;
    return ownedBy === undefined || last.labels[MARINA_OWNER_LABEL] !== ownedBy;
  }

  /** Writes a new revision (see the class guarantees). Returns the stored record. */
  async write(rel: HelmRelease): Promise<{ release: HelmRelease; created: boolean }> {
    this.checkNamespace(rel);
    try {
      await this.client.create(releaseSecret(rel, { kind: 'create', at: this.now() }), this.namespace);
      return { release: rel, created: true };
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    const stored = await this.get(rel.name, rel.version);
    if (stored && isSameRevision(stored, rel)) return { release: stored, created: false };
    throw new DriverError(
      'HELM_REVISION_EXISTS',
      `release "${rel.name}" revision ${rel.version} already exists in namespace ${this.namespace} with other content`,
      false,
    );
  }

  /**
   * Applies `change` to the stored revision and replaces it (optimistic concurrency, re-tried on
   * a lost race). `change` returns null for "nothing to change". Returns the stored result.
   */
  async update(name: string, version: number, change: (r: HelmRelease) => HelmRelease | null): Promise<HelmRelease> {
    for (let race = 0; race < MAX_RACES; race++) {
      const secret = await this.client.get(this.ref(name, version));
      if (!secret)
        throw new DriverError('HELM_RELEASE_NOT_FOUND', `release "${name}" revision ${version} not found`, false);
      const current = releaseFromSecret(secret);
      const next = change(releaseFromSecret(secret));
      if (next === null) return current;
      const obj = releaseSecret(next, { kind: 'update', at: this.now() }, secret.metadata.labels ?? {});
      obj.metadata.resourceVersion = secret.metadata.resourceVersion;
      try {
        await this.client.replace(obj);
        return next;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
    throw new DriverError('KUBE_CONFLICT', `release "${name}" revision ${version}: too many concurrent writers`, true);
  }

  /**
   * Sets the status of one revision, and its description when given (Helm keeps the description
   * when superseding); `uninstalled` also stamps `deleted`.
   */
  setStatus(name: string, version: number, status: HelmStatus, description?: string): Promise<HelmRelease> {
    return this.update(name, version, (r) => {
      if (r.info.status === status && (description === undefined || r.info.description === description)) return null;
      if (!canSetStatus(r.info.status, status))
        throw new DriverError(
          'HELM_ILLEGAL_STATUS',
          `release "${name}" revision ${version} cannot go from ${r.info.status} to ${status}`,
          false,
        );
      r.info.status = status;
      if (description !== undefined) r.info.description = description;
      if (status === 'uninstalled') r.info.deleted = this.now().toISOString();
      return r;
    });
  }

  /** Records a hook's last run on revision `version` (hooks are matched by kind and name). */
  setHookRun(name: string, version: number, hook: Pick<HelmHookRecord, 'kind' | 'name'>, run: HookExecution) {
    return this.update(name, version, (r) => {
      const h = r.hooks.find((x) => x.kind === hook.kind && x.name === hook.name);
      if (!h)
        throw new DriverError('HELM_HOOK_NOT_FOUND', `release "${name}" has no hook ${hook.kind}/${hook.name}`, false);
      h.lastRun = { ...run };
      if (h.deletePolicies.length === 0) h.deletePolicies = ['before-hook-creation'];
      return r;
    });
  }

  /** Marks every `deployed` revision other than `keep` superseded (as an upgrade or rollback does). Returns their versions. */
  async supersedeDeployed(name: string, keep: number): Promise<number[]> {
    const older = (await this.history(name)).filter((r) => r.info.status === 'deployed' && r.version !== keep);
    for (const r of older) await this.setStatus(name, r.version, 'superseded');
    return older.map((r) => r.version);
  }

  /** Deletes every revision's Secret (purge; Helm's uninstall without --keep-history). Returns how many existed. */
  async purge(name: string): Promise<number> {
    const revisions = await this.client.list('v1', 'Secret', this.namespace, `name=${name},owner=${HELM_OWNER}`);
    let n = 0;
    for (const s of revisions) {
      if (
        (await this.client.remove({
          apiVersion: 'v1',
          kind: 'Secret',
          name: s.metadata.name,
          namespace: this.namespace,
        })) === 'deleted'
      )
        n++;
    }
    return n;
  }

  private ref(name: string, version: number): ObjectRef {
    return { apiVersion: 'v1', kind: 'Secret', name: releaseSecretName(name, version), namespace: this.namespace };
  }

  private checkNamespace(rel: HelmRelease): void {
    if (rel.namespace !== this.namespace)
      throw new DriverError(
        'HELM_WRONG_NAMESPACE',
        `release namespace ${rel.namespace} is not the store's ${this.namespace}`,
        false,
      );
  }
}

/** True for "already exists" / "resourceVersion changed" from the connection. */
function isConflict(err: unknown): boolean {
  return err instanceof DriverError && err.code === 'KUBE_CONFLICT';
}

/** `ReleaseStore.nameTaken` for one namespace, without keeping a store. */
export function releaseNameTaken(client: ReleaseClient, name: string, namespace: string, ownedBy?: string) {
  return new ReleaseStore(client, namespace).nameTaken(name, ownedBy);
}
