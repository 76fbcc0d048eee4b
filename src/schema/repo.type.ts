import { createUnionType, Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from './connection';
import { Provider, RepoType, SyncStatus, VersionStatus, Visibility } from './enums';
import { failureTypeName, NameTakenError, ValidationError } from './errors.type';

@ObjectType('Repo', { description: 'A package repository. Credentials are write-only and never returned.' })
export class RepoNode {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => RepoType) type!: RepoType;
  @Field(() => String) url!: string;
  @Field(() => [Provider]) providers!: Provider[];
  @Field(() => Visibility) visibility!: Visibility;
  @Field(() => Int, { description: '0 = manual sync only; otherwise at least 180.' }) syncPeriodSeconds!: number;
  @Field(() => VersionStatus, { description: 'Status given to versions indexed from this repo (they skip review).' })
  appDefaultStatus!: VersionStatus;
  @Field(() => String, { description: '"active" or "deleted".' }) status!: string;
  @Field(() => Date, { nullable: true, description: 'End of the last successful sync.' }) lastSyncedAt?: Date;
  @Field(() => Date, { nullable: true, description: 'When the next periodic sync is due (null: manual only).' })
  nextSyncAt?: Date;
  @Field(() => Date) createdAt!: Date;
  // syncStatus, apps, events: field resolvers (resolvers/repo.resolver.ts)
}

@ObjectType('RepoEvent', { description: 'One sync (index) run of a repo.' })
export class RepoEventNode {
  @Field(() => ID) id!: string;
  @Field(() => SyncStatus) status!: SyncStatus;
  @Field(() => String, {
    nullable: true,
    description: 'Error text of a failed sync; notes of a successful one (skipped index entries, checksum skip).',
  })
  message?: string;
  @Field(() => Int) appsAdded!: number;
  @Field(() => Int) versionsAdded!: number;
  @Field(() => Int, { description: 'Versions whose package digest changed.' }) versionsUpdated!: number;
  @Field(() => Int) versionsRemoved!: number;
  @Field(() => Boolean, { description: 'True when the index was unchanged (ETag or checksum) and nothing was parsed.' })
  skipped!: boolean;
  @Field(() => ID, { nullable: true, description: 'The job that runs this sync.' }) jobId?: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt?: Date;
  @Field(() => Date, { nullable: true }) finishedAt?: Date;
}

@ObjectType('RepoValidation')
export class RepoValidationNode {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      'BAD_URL, TYPE_MISMATCH, MISSING_ACCESS_KEY_ID, MISSING_SECRET_ACCESS_KEY, SSRF_BLOCKED, UNREACHABLE, ACCESS_DENIED, WRITE_DENIED, BUCKET_NOT_FOUND, INDEX_NOT_FOUND, BAD_INDEX_YAML, INDEX_TYPE_MISMATCH, INVALID_INPUT',
  })
  errorCode?: string;
  @Field(() => String, { nullable: true }) message?: string;
}

export const RepoConnection = Connection(RepoNode, 'Repo');
export const RepoEventConnection = Connection(RepoEventNode, 'RepoEvent');

export const RepoResult = createUnionType({
  name: 'RepoResult',
  types: () => [RepoNode, ValidationError, NameTakenError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'Repo',
});
