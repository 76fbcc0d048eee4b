/**
 * Reads a release that helm (or Marina) installed into what the instance service needs to adopt
 * it as an instance with history. Any status is accepted (a failed or pending release can be
 * adopted and then repaired); only a name with no readable revision is "not found".
 */
import { createHash } from 'node:crypto';
import type { ApplyMethod, HelmRelease, HelmStatus, JsonMap } from './helm-release.types';
import { ReleaseStore, type ReleaseClient } from './release-store';

/** One revision of an adopted release. */
export interface AdoptedRevision {
  readonly revision: number;
  readonly status: HelmStatus;
  readonly description: string;
  readonly chartName: string;
  readonly chartVersion: string;
  readonly appVersion: string | null;
  /** The user's values of that revision (Helm's `config`). */
  readonly config: JsonMap;
  readonly manifest: string;
  /** sha256 of the manifest, hex. */
  readonly manifestDigest: string;
  readonly deployedAt: string | null;
  readonly applyMethod: ApplyMethod | null;
}

/** A release as found in the cluster. */
export interface AdoptedRelease {
  readonly name: string;
  readonly namespace: string;
  /** The latest revision's status. */
  readonly status: HelmStatus;
  /** Oldest first; the last one is the current revision. */
  readonly revisions: readonly AdoptedRevision[];
  /** Chart default values of the current revision (for the effective values). */
  readonly chartValues: JsonMap;
  readonly notes: string;
}

export function adoptedRevision(r: HelmRelease): AdoptedRevision {
  return {
    revision: r.version,
    status: r.info.status,
    description: r.info.description,
    chartName: r.chart?.metadata.name ?? '',
    chartVersion: r.chart?.metadata.version ?? '',
    appVersion: r.chart?.metadata.appVersion || null,
    config: r.config,
    manifest: r.manifest,
    manifestDigest: createHash('sha256').update(r.manifest).digest('hex'),
    deployedAt: r.info.lastDeployed,
    applyMethod: r.applyMethod,
  };
}

/** The release `name` in `namespace` with its history, or null when there is none. */
export async function readAdoptableRelease(
  client: ReleaseClient,
  namespace: string,
  name: string,
): Promise<AdoptedRelease | null> {
  const history = await new ReleaseStore(client, namespace).history(name);
  const current = history.at(-1);
  if (!current) return null;
  return {
    name,
    namespace,
    status: current.info.status,
    revisions: history.map(adoptedRevision),
    chartValues: current.chart?.values ?? {},
    notes: current.info.notes,
  };
}
