/**
 * Helm's pkg/releaseutil: splitting rendered files into YAML documents, reading each document's
 * head (apiVersion, kind, metadata.name, annotations; see manifest-head.ts), separating hooks from manifests, and
 * ordering both by kind in install order (stable; unknown kinds last, alphabetically).
 */
import { ManifestParseError, readHead, type SimpleHead } from './manifest-head';

export { ManifestParseError, readHead, type SimpleHead };

/** Install order of kinds (Helm 3.17 `releaseutil.InstallOrder`). */
export const INSTALL_ORDER: readonly string[] = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

/** Uninstall order of kinds (Helm 3.17 `releaseutil.UninstallOrder`). */
export const UNINSTALL_ORDER: readonly string[] = [
  'APIService',
  'Ingress',
  'IngressClass',
  'Service',
  'CronJob',
  'Job',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'Pod',
  'DaemonSet',
  'RoleBindingList',
  'RoleBinding',
  'RoleList',
  'Role',
  'ClusterRoleBindingList',
  'ClusterRoleBinding',
  'ClusterRoleList',
  'ClusterRole',
  'CustomResourceDefinition',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'ConfigMap',
  'SecretList',
  'Secret',
  'ServiceAccount',
  'PodDisruptionBudget',
  'PodSecurityPolicy',
  'LimitRange',
  'ResourceQuota',
  'NetworkPolicy',
  'Namespace',
  'PriorityClass',
];

/** One non-hook document with the template it came from. */
export interface Manifest {
  /** Template path, e.g. `mychart/templates/service.yaml`. */
  readonly name: string;
  readonly content: string;
  readonly head: SimpleHead;
}

export type HookEvent =
  | 'pre-install'
  | 'post-install'
  | 'pre-delete'
  | 'post-delete'
  | 'pre-upgrade'
  | 'post-upgrade'
  | 'pre-rollback'
  | 'post-rollback'
  | 'test';

/** A hook document (`helm.sh/hook` annotation). */
export interface Hook {
  readonly name: string;
  readonly kind: string;
  readonly path: string;
  readonly manifest: string;
  readonly events: readonly HookEvent[];
  readonly weight: number;
  readonly deletePolicies: readonly string[];
}

const EVENTS: Record<string, HookEvent> = {
  'pre-install': 'pre-install',
  'post-install': 'post-install',
  'pre-delete': 'pre-delete',
  'post-delete': 'post-delete',
  'pre-upgrade': 'pre-upgrade',
  'post-upgrade': 'post-upgrade',
  'pre-rollback': 'pre-rollback',
  'post-rollback': 'post-rollback',
  test: 'test',
  'test-success': 'test',
};

/**
 * `releaseutil.SplitManifests`: documents in order, each trimmed; empty ones dropped. Helm splits
 * on the RE2 `(?:^|\s*\n)---\s*` (`\s` = ASCII [\t\n\f\r ]), matches found left to right without
 * overlapping. Scanned by hand (the regex split was most of this function's cost): a separator is
 * a `---` at the very start, or a `\n---` with the white space run before it, plus the white space
 * after it; a `\n` consumed by the previous separator does not start another.
 */
export function splitManifests(bigFile: string): string[] {
  const text = goTrimSpace(bigFile);
  const out: string[] = [];
  const piece = (d: string) => {
    if (d !== '') out.push(goTrimSpace(d));
  };
  let from = 0; // where the next separator may start
  if (text.startsWith('---')) from = skipSepSpace(text, 3);
  let pieceStart = from;
  for (let nl = text.indexOf('\n---', from); nl >= 0; nl = text.indexOf('\n---', from)) {
    let start = nl;
    while (start > from && isSepSpace(text.charCodeAt(start - 1))) start--;
    piece(text.slice(pieceStart, start));
    from = pieceStart = skipSepSpace(text, nl + 4);
  }
  piece(text.slice(pieceStart));
  return out;
}

/** RE2's `\s`: [\t\n\f\r ]. */
function isSepSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c;
}

function skipSepSpace(s: string, i: number): number {
  while (i < s.length && isSepSpace(s.charCodeAt(i))) i++;
  return i;
}

const GO_SPACE_CODES = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);
const isGoSpace = (c: number) => GO_SPACE_CODES.has(c) || (c >= 0x2000 && c <= 0x200a);

/** Go's strings.TrimSpace (Unicode white space). */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Helm's `lessByKind`: known kinds by order, unknown last (alphabetical among themselves). */
function kindComparator(order: readonly string[]): (a: string, b: string) => number {
  const rank = new Map(order.map((k, i) => [k, i] as const));
  return (a, b) => {
    const ra = rank.get(a);
    const rb = rank.get(b);
    if (ra === undefined && rb === undefined) return a < b ? -1 : a > b ? 1 : 0;
    if (ra === undefined) return 1;
    if (rb === undefined) return -1;
    return ra - rb;
  };
}

/**
 * `releaseutil.SortManifests`: file paths in byte order, partials and blank files skipped, each
 * document classified as hook or manifest; both lists sorted by kind (stable).
 * Throws {@link ManifestParseError} for the first document that is not valid YAML.
 */
export function sortManifests(
  files: ReadonlyMap<string, string>,
  order: readonly string[] = INSTALL_ORDER,
): { hooks: Hook[]; manifests: Manifest[] } {
  const hooks: Hook[] = [];
  const manifests: Manifest[] = [];
  const paths = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const path of paths) {
    const content = files.get(path) as string;
    if (path.slice(path.lastIndexOf('/') + 1).startsWith('_')) continue;
    if (goTrimSpace(content) === '') continue;
    for (const m of splitManifests(content)) classifyDocument(m, path, hooks, manifests);
  }
  const cmp = kindComparator(order);
  return {
    hooks: stableSort(hooks, (a, b) => cmp(a.kind, b.kind)),
    manifests: stableSort(manifests, (a, b) => cmp(a.head.kind, b.head.kind)),
  };
}

function classifyDocument(m: string, path: string, hooks: Hook[], manifests: Manifest[]): void {
  const head = readHead(m, path);
  const ann = head.annotations;
  if (!ann || Object.keys(ann).length === 0 || !('helm.sh/hook' in ann)) {
    manifests.push({ name: path, content: m, head });
    return;
  }
  const events: HookEvent[] = [];
  for (const raw of ann['helm.sh/hook'].split(',')) {
    const e = EVENTS[raw.trim().toLowerCase()];
    if (!e) return; // Helm logs "info: skipping unknown hook" and drops the document
    events.push(e);
  }
  const weightText = ann['helm.sh/hook-weight'] ?? '';
  const weight = /^[-+]?\d+$/.test(weightText) ? Number(weightText) : 0;
  const policies = (ann['helm.sh/hook-delete-policy'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  hooks.push({ name: head.name, kind: head.kind, path, manifest: m, events, weight, deletePolicies: policies });
}

/** Helm's sortManifestsByKind / sortHooksByKind: stable, by kind in `order`, unknown kinds last. Returns a new list. */
export function sortByKind<T>(
  items: readonly T[],
  kindOf: (item: T) => string,
  order: readonly string[] = INSTALL_ORDER,
): T[] {
  const cmp = kindComparator(order);
  return stableSort([...items], (a, b) => cmp(kindOf(a), kindOf(b)));
}

function stableSort<T>(items: T[], cmp: (a: T, b: T) => number): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => cmp(a.item, b.item) || a.i - b.i)
    .map((x) => x.item);
}
