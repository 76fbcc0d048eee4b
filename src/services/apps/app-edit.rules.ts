import { AppStatus, VersionStatus } from '../../entities/enums';
import { InvalidStateFailure } from '../errors';

/** Version statuses during which the app's metadata is frozen: the reviewers are looking at it. */
export const IN_REVIEW: readonly VersionStatus[] = [VersionStatus.SUBMITTED, VersionStatus.IN_REVIEW];

/** App statuses whose metadata cannot change: a suspended app is out of the store, a deleted one is gone. */
const FROZEN_APPS: readonly AppStatus[] = [AppStatus.SUSPENDED, AppStatus.DELETED];

/**
 * Whether updateApp may change an app in `appStatus` whose versions are in `versionStatuses`:
 * undefined when it may, else the InvalidStateError (from: the app's or the reviewed version's
 * status, action: update).
 */
export function appEditRefusal(
  app: { readonly name: string; readonly status: AppStatus },
  versionStatuses: readonly VersionStatus[],
): InvalidStateFailure | undefined {
  if (FROZEN_APPS.includes(app.status))
    return new InvalidStateFailure(`App ${app.name} is ${app.status}: update is not allowed`, app.status, 'update');
  const reviewed = versionStatuses.find((s) => IN_REVIEW.includes(s));
  if (reviewed)
    return new InvalidStateFailure(
      `App ${app.name} has a version in review (${reviewed}): its metadata cannot change until the review ends`,
      reviewed,
      'update',
    );
  return undefined;
}
