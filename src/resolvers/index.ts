import type { NonEmptyArray } from 'type-graphql';
import { IdentityResolver } from './identity.resolver';
import { JobResolver } from './job.resolver';
import { UserResolver } from './user.resolver';
import { VendorResolver } from './vendor.resolver';
import { WorkspaceResolver } from './workspace.resolver';

/** Every resolver class of the schema. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [IdentityResolver, JobResolver, UserResolver, VendorResolver, WorkspaceResolver];
