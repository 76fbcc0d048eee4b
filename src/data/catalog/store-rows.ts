/**
 * Plain read models of the store page and its batched field resolvers: rows mapped straight
 * from SQL, never managed by the ORM (no identity map, no change tracking). The GraphQL types
 * read the same fields from these as from the entities.
 */
import type { AppStatus, AppType, VersionStatus, Visibility } from '../../entities/enums';
import type { VendorStatus } from '../../entities/vendor.entity';

/** A relation by id. */
export interface Ref {
  readonly id: string;
}

/** The public facts of a user that the User type reads (email masking and roles are decided by the services). */
export interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly createdAt: Date;
  readonly mustChangePassword: boolean;
  readonly workspace?: Ref;
}

export interface VendorRow {
  readonly id: string;
  readonly companyName: string;
  readonly website?: string;
  readonly description?: string;
  readonly contact?: string;
  readonly status: VendorStatus;
  readonly message?: string;
  readonly submittedAt?: Date;
  readonly decidedAt?: Date;
  readonly user: Ref;
}

/** An app as the store lists it, with its owner and vendor; `view: 'store'` marks the store's visibility rules. */
export interface StoreAppRow {
  readonly view: 'store';
  readonly id: string;
  readonly name: string;
  readonly type: AppType;
  readonly status: AppStatus;
  readonly visibility: Visibility;
  readonly description?: string;
  readonly abstraction?: string;
  readonly readme?: string;
  readonly home?: string;
  readonly icon?: string;
  readonly screenshots: string[];
  readonly keywords: string[];
  readonly sources: string[];
  readonly maintainers?: unknown;
  readonly deployCount: number;
  readonly deliveryMode: string | null;
  readonly deploymentMode: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** 1 when the name matches the keyword search (ranked first), else 0. */
  readonly nameMatch: number;
  readonly workspace: Ref;
  readonly repo?: Ref;
  readonly owner: UserRow;
  readonly vendor?: VendorRow;
}

/** A version as listed under an app. */
export interface VersionRow {
  readonly id: string;
  readonly name: string;
  readonly appVersion?: string;
  readonly description?: string;
  readonly changelog?: string;
  readonly status: VersionStatus;
  readonly type: AppType;
  readonly digest: string;
  readonly sequence: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly app: Ref;
}

export interface CategoryRow {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly icon?: string;
}

/** Timestamps of raw rows arrive as text (the ORM's pg type parsers); this turns them into Dates. */
export type ParseDate = (value: string) => Date;

export const dateParser =
  (em: { getPlatform(): { parseDate(value: string): unknown } }): ParseDate =>
  (value) =>
    em.getPlatform().parseDate(value) as Date;

/** SQL NULL as an absent optional field. */
export const opt = <T>(value: T | null): T | undefined => value ?? undefined;
