import type { AdoptedRevision } from '../helm/adopt-reader';
import type { HelmStatus } from '../helm/helm-release.types';
import { externalMessage, externalRevisions, externalRevisionStatus, helmOperation } from './external-revisions';

const rev = (revision: number, status: HelmStatus, description = 'Upgrade complete'): AdoptedRevision => ({
  revision,
  status,
  description,
  chartName: 'redis',
  chartVersion: '23.1.2',
  appVersion: null,
  config: {},
  manifest: '',
  manifestDigest: '',
  deployedAt: null,
  applyMethod: null,
});

describe('externalRevisions', () => {
  it('returns the revisions after the known one, oldest first', () => {
    const out = externalRevisions([rev(4, 'deployed'), rev(1, 'superseded'), rev(3, 'superseded')], 2);
    expect(out.map((r) => r.revision)).toEqual([3, 4]);
  });

  it('returns nothing when the instance is up to date', () => {
    expect(externalRevisions([rev(1, 'superseded'), rev(2, 'deployed')], 2)).toEqual([]);
  });

  it.each(['pending-install', 'pending-upgrade', 'pending-rollback'] as const)(
    'stops before a %s revision (picked up once settled)',
    (pending) => {
      const out = externalRevisions([rev(3, 'failed'), rev(4, pending), rev(5, 'deployed')], 2);
      expect(out.map((r) => r.revision)).toEqual([3]);
    },
  );
});

describe('externalRevisionStatus', () => {
  it.each([
    ['deployed', 'deployed'],
    ['failed', 'failed'],
    ['superseded', 'superseded'],
    ['uninstalled', 'superseded'],
    ['uninstalling', 'superseded'],
    ['unknown', 'superseded'],
  ] as const)('%s → %s', (helm, status) => expect(externalRevisionStatus(helm)).toBe(status));
});

describe('helmOperation and externalMessage', () => {
  it.each([
    ['Upgrade complete', 'upgrade'],
    ['Install complete', 'install'],
    ['Rollback to 2', 'rollback'],
    ['Upgrade "x" failed: timed out', 'upgrade'],
    ['', 'change'],
  ])('%j → %s', (description, op) => expect(helmOperation(description)).toBe(op));

  it('names the revision, the operation and the chart', () => {
    expect(externalMessage(rev(3, 'deployed'))).toBe(
      'revision 3 made outside Marina by helm (upgrade, chart redis-23.1.2)',
    );
  });
});
