import { AppStatus, VersionStatus } from '../../entities/enums';

/**
 * What the store shows every signed-in user, whoever owns the app: apps in this status and,
 * through them, versions in this status only. The one place of that rule (services and loaders read it).
 */
export const STORE_VISIBLE = { app: AppStatus.ACTIVE, version: VersionStatus.ACTIVE } as const;
