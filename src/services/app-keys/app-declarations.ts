/**
 * What a package declares about the apps made from it (PRODUCT.md H8, seed 003), read at upload
 * and stored with the version / app:
 * - `identity.json` at the package root: the API permissions, data-model permissions and
 *   service dependencies granted to each instance's AppKey (see ./README.md for the format);
 * - delivery mode (ACCOUNT_DISTRIBUTION, INSTANCE_DISTRIBUTION, ONE_TIME_DELIVERY) and
 *   deployment mode (CLOUD_HOSTED, EDGE_HOSTED): Chart.yaml annotations
 *   `marina.io/delivery-mode` / `marina.io/deployment-mode` for Helm charts, top-level keys
 *   `deliveryMode` / `deploymentMode` of package.json for other packages.
 */
import type { ArchiveFile } from '@marina/go-runtime';
import type { HelmPackageSummary, LoadedPackage } from '../../packages/package-loader';

export const DATA_ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type DataAction = (typeof DATA_ACTIONS)[number];

export interface DataPermission {
  readonly model: string;
  readonly version: string | null;
  readonly actions: readonly DataAction[];
}

/** The identity a version declares for its instances' AppKeys. */
export interface AppIdentity {
  readonly apiPermissions: readonly string[];
  readonly dataPermissions: readonly DataPermission[];
  readonly dependencies: readonly string[];
}

export const NO_IDENTITY: AppIdentity = { apiPermissions: [], dataPermissions: [], dependencies: [] };

export const DELIVERY_MODES = ['ACCOUNT_DISTRIBUTION', 'INSTANCE_DISTRIBUTION', 'ONE_TIME_DELIVERY'] as const;
export const DEPLOYMENT_MODES = ['CLOUD_HOSTED', 'EDGE_HOSTED'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];

export interface PackageDeclarations {
  readonly identity: AppIdentity | null;
  readonly deliveryMode: DeliveryMode | null;
  readonly deploymentMode: DeploymentMode | null;
}

export interface DeclarationProblem {
  readonly path: string;
  readonly message: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
const MAX_ENTRIES = 256;

function filesOf(pkg: LoadedPackage): readonly ArchiveFile[] {
  return (pkg.detail as { files?: readonly ArchiveFile[] }).files ?? [];
}

function jsonFile(files: readonly ArchiveFile[], path: string, problems: DeclarationProblem[]): unknown {
  const file = files.find((f) => f.path === path);
  if (!file) return undefined;
  try {
    return JSON.parse(file.data.toString('utf8')) as unknown;
  } catch (err) {
    problems.push({ path, message: `not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
}

/** "edge-hosted", "EDGE_HOSTED", "edge_hosted" → EDGE_HOSTED when it is one of `allowed`. */
export function modeOf<T extends string>(raw: unknown, allowed: readonly T[]): T | null | undefined {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string') return undefined;
  const normal = raw.trim().toUpperCase().replace(/-/g, '_');
  return (allowed as readonly string[]).includes(normal) ? (normal as T) : undefined;
}

function names(raw: unknown, path: string, problems: DeclarationProblem[]): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > MAX_ENTRIES || raw.some((x) => typeof x !== 'string' || !NAME.test(x))) {
    problems.push({ path, message: `must be a list of at most ${MAX_ENTRIES} names (letters, digits, . _ : / -)` });
    return [];
  }
  return [...new Set(raw as string[])];
}

/** Checks an identity declaration (identity.json's content). */
export function identityOf(raw: unknown, problems: DeclarationProblem[], at = 'identity.json'): AppIdentity {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ path: at, message: 'must be an object { apiPermissions, dataPermissions, dependencies }' });
    return NO_IDENTITY;
  }
  const o = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(o).filter((k) => !['apiPermissions', 'dataPermissions', 'dependencies'].includes(k));
  if (unknownKeys.length) problems.push({ path: at, message: `unknown keys: ${unknownKeys.join(', ')}` });
  const dataRaw = o.dataPermissions ?? [];
  const dataPermissions: DataPermission[] = [];
  if (!Array.isArray(dataRaw)) problems.push({ path: `${at}:/dataPermissions`, message: 'must be a list' });
  else
    dataRaw.forEach((d: unknown, i) => {
      const entry = d as { model?: unknown; version?: unknown; actions?: unknown } | null;
      const path = `${at}:/dataPermissions/${i}`;
      if (!entry || typeof entry.model !== 'string' || !NAME.test(entry.model))
        return problems.push({ path, message: 'needs a model name' });
      const actions = entry.actions;
      if (
        !Array.isArray(actions) ||
        actions.length === 0 ||
        actions.some((a) => !(DATA_ACTIONS as readonly unknown[]).includes(a))
      )
        return problems.push({ path, message: `actions must be a non-empty list of ${DATA_ACTIONS.join(', ')}` });
      if (!actions.includes('read')) return problems.push({ path, message: 'every data permission includes read' });
      dataPermissions.push({
        model: entry.model,
        version: typeof entry.version === 'string' ? entry.version : null,
        actions: DATA_ACTIONS.filter((a) => actions.includes(a)),
      });
    });
  return {
    apiPermissions: names(o.apiPermissions, `${at}:/apiPermissions`, problems),
    dataPermissions,
    dependencies: names(o.dependencies, `${at}:/dependencies`, problems),
  };
}

/** The declarations of a loaded package, with every problem found. */
export function declarationsOf(pkg: LoadedPackage): { declared: PackageDeclarations; problems: DeclarationProblem[] } {
  const problems: DeclarationProblem[] = [];
  const files = filesOf(pkg);
  const identityRaw = jsonFile(files, 'identity.json', problems);
  const identity = identityRaw === undefined ? null : identityOf(identityRaw, problems);
  let delivery: unknown;
  let deployment: unknown;
  let where: string;
  if (pkg.format === 'helm') {
    const annotations = ((pkg.detail as HelmPackageSummary).metadata.annotations ?? {}) as Record<string, unknown>;
    delivery = annotations['marina.io/delivery-mode'];
    deployment = annotations['marina.io/deployment-mode'];
    where = 'Chart.yaml:/annotations';
  } else {
    const manifest = (jsonFile(files, 'package.json', []) ?? {}) as Record<string, unknown>;
    delivery = manifest.deliveryMode;
    deployment = manifest.deploymentMode;
    where = 'package.json';
  }
  const deliveryMode = modeOf(delivery, DELIVERY_MODES);
  const deploymentMode = modeOf(deployment, DEPLOYMENT_MODES);
  if (deliveryMode === undefined)
    problems.push({
      path: where,
      message: `delivery mode "${String(delivery)}" is not one of ${DELIVERY_MODES.join(', ')}`,
    });
  if (deploymentMode === undefined)
    problems.push({
      path: where,
      message: `deployment mode "${String(deployment)}" is not one of ${DEPLOYMENT_MODES.join(', ')}`,
    });
  return {
    declared: { identity, deliveryMode: deliveryMode ?? null, deploymentMode: deploymentMode ?? null },
    problems,
  };
}
