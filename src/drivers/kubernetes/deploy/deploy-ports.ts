/**
 * What the deploy processors need from the rest of the application, as narrow ports: a cluster
 * connection for the operation's runtime (credential opened inside the worker), the chart of a
 * version, the Helm release store over a connection, and the values rules. The production wiring
 * is `deployPortsFor(platform)` (./deploy-ports.wiring.ts); tests pass the same wiring.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Chart, Hook } from '@marina/helm';
import type { ApplyMethod, HelmHookRecord, HelmStatus } from '../helm/helm-release.types';
import type { AdoptedRelease } from '../helm/adopt-reader';
import type { KubeConnection } from '../kube-connection.types';
import type { AppRenderers } from './renderers/app-renderers';

/** Helm release statuses (pkg/release/status.go). */
export type ReleaseStatus = HelmStatus;

/** One revision's record as the processors read it. */
export interface ReleaseRevision {
  readonly name: string;
  readonly namespace: string;
  readonly version: number;
  readonly status: ReleaseStatus;
  readonly manifest: string;
  readonly hooks: readonly (Hook | HelmHookRecord)[];
  /** Marina's instance id when Marina wrote the record (a label), null for helm's own. */
  readonly instanceId: string | null;
  /** How the revision's objects were applied (null: helm 3 / client-side). */
  readonly applyMethod: ApplyMethod | null;
}

/** A revision to write as `pending-*`. */
export interface PendingRevision {
  readonly name: string;
  readonly namespace: string;
  readonly version: number;
  readonly status: 'pending-install' | 'pending-upgrade' | 'pending-rollback';
  readonly chart: Chart;
  /** The user's overrides (Helm's `config`). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly manifest: string;
  readonly hooks: readonly Hook[];
  readonly notes: string;
  readonly description: string;
  readonly instanceId: string;
}

/** The Helm storage of one release name in one namespace. */
export interface ReleasePort {
  /** Every revision, oldest first (empty when the name is unused). */
  history(): Promise<ReleaseRevision[]>;
  /** Creates the revision's record; an existing record of that revision is left as it is. */
  writePending(rev: PendingRevision): Promise<void>;
  /**
   * Sets the status of `version` when its current status is one of `from` (any when omitted);
   * returns false when it was not (nothing written). Optimistic concurrency: a record changed
   * concurrently is re-read and the condition checked again.
   */
  setStatus(
    version: number,
    status: ReleaseStatus,
    description: string,
    from?: readonly ReleaseStatus[],
  ): Promise<boolean>;
  /** `version` becomes `deployed`, every other `deployed` revision `superseded`. Idempotent. */
  markDeployed(version: number, description: string): Promise<void>;
  /** Deletes every record of the release; returns how many there were. */
  purge(): Promise<number>;
}

export interface DeployPorts {
  /**
   * Connects to a runtime's cluster; the credential is opened here, inside the worker. The
   * caller closes the connection when done (a pooled one is given back, not closed).
   */
  connect(em: EntityManager, runtimeId: string): Promise<KubeConnection>;
  /** The renderer of each deployable app type (the `render` task and previews pick the version's). */
  readonly renderers: AppRenderers;
  /** The loaded chart of an app version (from the blob store or its repo). */
  chart(em: EntityManager, versionId: string): Promise<Chart>;
  releases(conn: KubeConnection, namespace: string, name: string): ReleasePort;
  /** Dotted keys of `overrides` the chart's defaults (and schema) no longer have. */
  removedValueKeys(overrides: Readonly<Record<string, unknown>>, chart: Chart): string[];
  /** Reads a release helm installed (any status) for `adopt`. */
  adopt(conn: KubeConnection, namespace: string, name: string): Promise<AdoptedRelease | null>;
  /** Server-side apply field manager (HELM's Helm-compatible policy). */
  readonly fieldManager: string;
  /** Grace period during which a custom resource with an empty status counts as progressing. */
  readonly crGraceMs: number;
  /**
   * Seals what `render` stores for later tasks (rendered Secrets carry passwords; task results
   * are rows in PostgreSQL): the platform's SecretBox.
   */
  readonly results: ResultSealer;
}

/** Authenticated encryption of stored task results, bound to `aad`. */
export interface ResultSealer {
  seal(plaintext: string, aad: string): string;
  open(envelope: string, aad: string): string;
}
