import { AppStatus, VersionStatus } from '../../entities/enums';
import { InvalidStateFailure } from '../errors';
import { versionSourcesOf } from '../versions/version-status.machine';
import { appEditRefusal, IN_REVIEW } from './app-edit.rules';

describe('appEditRefusal', () => {
  it('freezes exactly the statuses a review can be started from (the version table)', () => {
    expect([...IN_REVIEW].sort()).toEqual(versionSourcesOf('start_review').sort());
  });

  it.each(Object.values(AppStatus))('app %s with every version status', (appStatus) => {
    for (const version of Object.values(VersionStatus)) {
      const refusal = appEditRefusal({ name: 'redis', status: appStatus }, [VersionStatus.ACTIVE, version]);
      const frozenApp = appStatus === AppStatus.SUSPENDED || appStatus === AppStatus.DELETED;
      const reviewed = version === VersionStatus.SUBMITTED || version === VersionStatus.IN_REVIEW;
      if (!frozenApp && !reviewed) {
        expect(refusal).toBeUndefined();
        continue;
      }
      expect(refusal).toBeInstanceOf(InvalidStateFailure);
      expect(refusal).toMatchObject({ from: frozenApp ? appStatus : version, action: 'update' });
    }
  });

  it('an app without versions in review may be edited', () => {
    expect(appEditRefusal({ name: 'redis', status: AppStatus.DRAFT }, [])).toBeUndefined();
    expect(
      appEditRefusal({ name: 'redis', status: AppStatus.ACTIVE }, [VersionStatus.REJECTED, VersionStatus.PASSED]),
    ).toBeUndefined();
  });
});
