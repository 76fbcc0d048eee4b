import { HELM_STATUSES, type HelmStatus } from './helm-release.types';
import { canSetStatus } from './release-status.table';

/** Every allowed change, listed by hand; all other pairs must be refused. */
const ALLOWED: ReadonlyArray<[HelmStatus, HelmStatus]> = [
  ...(['pending-install', 'pending-upgrade', 'pending-rollback'] as const).flatMap((p) =>
    (['deployed', 'failed', 'uninstalling', 'uninstalled'] as const).map((t): [HelmStatus, HelmStatus] => [p, t]),
  ),
  ['deployed', 'superseded'],
  ['deployed', 'failed'],
  ['deployed', 'uninstalling'],
  ['deployed', 'uninstalled'],
  ['failed', 'superseded'],
  ['failed', 'uninstalling'],
  ['failed', 'uninstalled'],
  ['superseded', 'uninstalling'],
  ['superseded', 'uninstalled'],
  ['uninstalling', 'uninstalled'],
  ['uninstalling', 'failed'],
  ['unknown', 'deployed'],
  ['unknown', 'failed'],
  ['unknown', 'superseded'],
  ['unknown', 'uninstalling'],
  ['unknown', 'uninstalled'],
];

describe('release status table', () => {
  it.each(HELM_STATUSES.flatMap((from) => HELM_STATUSES.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    const expected = from === to || ALLOWED.some(([f, t]) => f === from && t === to);
    expect(canSetStatus(from, to)).toBe(expected);
  });
});
