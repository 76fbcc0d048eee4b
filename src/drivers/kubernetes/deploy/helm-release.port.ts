/**
 * The deploy pipeline's ReleasePort over HELM's Secrets-backed ReleaseStore: revisions Marina
 * writes carry its owner label (the instance id), apply method "ssa" and a chart record built
 * from the loaded chart, so helm 3.17/4.1 can read, upgrade and roll them back.
 *
 * Status changes follow HELM's table (release-status.table.ts) with one addition the pipeline
 * needs: `markDeployed` also finishes a revision that is `failed`, because a failed operation's
 * follow-up may have marked it so before the user retried the very job that wrote it (a retry
 * re-runs that job's remaining tasks for the same revision; it writes no new one).
 */
import { buildRelease } from '../helm/release-from-chart';
import type { HelmRelease, HelmStatus, JsonMap } from '../helm/helm-release.types';
import { canSetStatus } from '../helm/release-status.table';
import { MARINA_APPLY_METHOD } from '../helm/field-manager.policy';
import { MARINA_OWNER_LABEL, ReleaseStore, type ReleaseClient } from '../helm/release-store';
import { HELM_OWNER } from '../helm/release-secret';
import type { PendingRevision, ReleasePort, ReleaseRevision, ReleaseStatus } from './deploy-ports';

export class HelmReleasePort implements ReleasePort {
  private readonly store: ReleaseStore;
  /** Records this port read, by revision (a new revision's `firstDeployed` comes from revision 1's). */
  private readonly seen = new Map<number, HelmRelease>();

  constructor(
    private readonly client: ReleaseClient,
    namespace: string,
    private readonly name: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store = new ReleaseStore(client, namespace, { now });
  }

  async history(): Promise<ReleaseRevision[]> {
    const records = await this.store.history(this.name);
    for (const r of records) this.seen.set(r.version, r);
    return records.map(revisionOf);
  }

  async writePending(rev: PendingRevision): Promise<void> {
    const first = rev.version > 1 ? (this.seen.get(1) ?? (await this.store.get(this.name, 1))) : null;
    await this.store.write(
      buildRelease({
        name: rev.name,
        namespace: rev.namespace,
        version: rev.version,
        chart: rev.chart,
        config: rev.config as JsonMap,
        render: { manifestText: rev.manifest, hooks: rev.hooks, notes: rev.notes },
        status: rev.status,
        description: rev.description,
        now: this.now(),
        firstDeployed: first?.info.firstDeployed ?? null,
        applyMethod: MARINA_APPLY_METHOD,
        labels: { [MARINA_OWNER_LABEL]: rev.instanceId },
      }),
    );
  }

  async setStatus(
    version: number,
    status: ReleaseStatus,
    description: string,
    from?: readonly ReleaseStatus[],
  ): Promise<boolean> {
    if (!(await this.store.get(this.name, version))) return false;
    let changed = false;
    await this.store.update(this.name, version, (r) => {
      changed = false;
      if (r.info.status === status || (from && !from.includes(r.info.status))) return null;
      if (!canSetStatus(r.info.status, status)) return null;
      changed = true;
      return withStatus(r, status, description, this.now());
    });
    return changed;
  }

  /**
   * The other `deployed` revisions are found by the storage Secrets' `status` label (which every
   * write, Helm's and ours, keeps equal to the record's status), so no other record is decoded.
   */
  async markDeployed(version: number, description: string): Promise<void> {
    await this.store.update(this.name, version, (r) =>
      r.info.status === 'deployed' ? null : withStatus(r, 'deployed', description, this.now()),
    );
    const selector = `name=${this.name},owner=${HELM_OWNER},status=deployed`;
    const deployed = await this.client.list('v1', 'Secret', this.store.namespace, selector);
    const older = deployed
      .map((s) => Number(s.metadata.labels?.version))
      .filter((v) => Number.isInteger(v) && v !== version);
    for (const v of older) await this.store.setStatus(this.name, v, 'superseded');
  }

  purge(): Promise<number> {
    return this.store.purge(this.name);
  }
}

function withStatus(r: HelmRelease, status: HelmStatus, description: string, now: Date): HelmRelease {
  const info = { ...r.info, status, description };
  if (status === 'deployed') info.lastDeployed = now.toISOString();
  if (status === 'uninstalled') info.deleted = now.toISOString();
  return { ...r, info };
}

function revisionOf(r: HelmRelease): ReleaseRevision {
  return {
    name: r.name,
    namespace: r.namespace,
    version: r.version,
    status: r.info.status,
    manifest: r.manifest,
    hooks: r.hooks,
    instanceId: r.labels[MARINA_OWNER_LABEL] ?? null,
    applyMethod: r.applyMethod,
  };
}
