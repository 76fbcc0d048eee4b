import { AppStatus, VersionStatus } from '../../entities/enums';
import { deriveAppStatus, VERSION_STATUS_PRIORITY } from './app-status';

describe('deriveAppStatus', () => {
  it.each([
    [[VersionStatus.DRAFT, VersionStatus.ACTIVE, VersionStatus.DELETED], AppStatus.ACTIVE],
    [[VersionStatus.SUSPENDED, VersionStatus.REJECTED], AppStatus.DRAFT],
    [[VersionStatus.IN_REVIEW], AppStatus.DRAFT],
    [[VersionStatus.PASSED, VersionStatus.DELETED], AppStatus.DRAFT],
    [[VersionStatus.SUSPENDED, VersionStatus.DELETED], AppStatus.SUSPENDED],
    [[VersionStatus.DELETED], AppStatus.DELETED],
    [[], AppStatus.DELETED],
  ])('%j → %s', (statuses, expected) => {
    expect(deriveAppStatus(statuses)).toBe(expected);
  });
});

describe('VERSION_STATUS_PRIORITY', () => {
  it('keeps OpenPitrix order active > rejected > passed > submitted > suspended > draft > deleted and ranks every status', () => {
    const rank = (s: VersionStatus) => VERSION_STATUS_PRIORITY.indexOf(s);
    const upstream = [
      VersionStatus.ACTIVE,
      VersionStatus.REJECTED,
      VersionStatus.PASSED,
      VersionStatus.SUBMITTED,
      VersionStatus.SUSPENDED,
      VersionStatus.DRAFT,
      VersionStatus.DELETED,
    ];
    for (let i = 1; i < upstream.length; i++) expect(rank(upstream[i - 1])).toBeGreaterThan(rank(upstream[i]));
    expect([...VERSION_STATUS_PRIORITY].sort()).toEqual(Object.values(VersionStatus).sort());
  });
});
