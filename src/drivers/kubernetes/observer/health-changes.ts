/**
 * What changed between two observations of an instance's resources: the resources whose health
 * differs from the previous observation (new ones included; vanished ones reported MISSING).
 */
import type { ResourceStatus } from '../../runtime-driver.types';

const keyOf = (r: Pick<ResourceStatus, 'kind' | 'name' | 'namespace'>) => `${r.kind}/${r.namespace ?? ''}/${r.name}`;

/** Resources of `now` whose health is not the one in `before` (all of them when `before` is null). */
export function healthChanges(
  before: readonly ResourceStatus[] | null,
  now: readonly ResourceStatus[],
): ResourceStatus[] {
  const previous = new Map((before ?? []).map((r) => [keyOf(r), r]));
  const changed = now.filter((r) => previous.get(keyOf(r))?.health !== r.health);
  const current = new Set(now.map(keyOf));
  const vanished = (before ?? [])
    .filter((r) => !current.has(keyOf(r)) && r.health !== 'MISSING')
    .map((r) => ({ ...r, ready: null, health: 'MISSING' as const, message: 'no longer observed' }));
  return [...changed, ...vanished];
}

/** The `resource.health` event message of one change ("Deployment/web 1/3 PROGRESSING: …"). */
export function healthMessage(r: ResourceStatus): string {
  const counts = r.desired === null ? '' : ` ${r.ready ?? 0}/${r.desired}`;
  return `${r.kind}/${r.name}${counts} ${r.health}${r.message ? `: ${r.message}` : ''}`;
}
