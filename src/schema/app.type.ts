import { createUnionType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { FileUpload } from './scalars';
import { JSONScalar, UploadScalar } from './scalars';
import { Connection } from './connection';
import { AppStatus, AppType, VersionStatus } from './enums';
import { failureTypeName, FieldError, InvalidStateError, NameTakenError, ValidationError } from './errors.type';

export enum DeliveryMode {
  ACCOUNT_DISTRIBUTION = 'ACCOUNT_DISTRIBUTION',
  INSTANCE_DISTRIBUTION = 'INSTANCE_DISTRIBUTION',
  ONE_TIME_DELIVERY = 'ONE_TIME_DELIVERY',
}
registerEnumType(DeliveryMode, {
  name: 'DeliveryMode',
  description: 'Seed 003: hand over an account, deploy an instance per customer, or deliver once (custom projects).',
});

export enum DeploymentMode {
  CLOUD_HOSTED = 'CLOUD_HOSTED',
  EDGE_HOSTED = 'EDGE_HOSTED',
}
registerEnumType(DeploymentMode, {
  name: 'DeploymentMode',
  description: 'Where instances run: any runtime, or edge clusters.',
});

@ObjectType('App', {
  description: 'An application: indexed from a repo (unique by repo + name) or uploaded (unique by workspace + name).',
})
export class AppNode {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => AppType) type!: AppType;
  @Field(() => AppStatus, {
    description:
      'Derived from the versions: any ACTIVE → ACTIVE; else any draft-like → DRAFT; else SUSPENDED; none → DELETED.',
  })
  status!: AppStatus;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => String, { nullable: true }) abstraction?: string;
  @Field(() => String, { nullable: true }) readme?: string;
  @Field(() => String, { nullable: true }) home?: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Icon URL: /attachments/<sha256> for an uploaded icon (relative to the API origin), else the URL the package metadata gives.',
  })
  icon?: string;
  @Field(() => [String], { description: 'Screenshot URLs (/attachments/<sha256> when uploaded), at most 6.' })
  screenshots!: string[];
  @Field(() => [String]) keywords!: string[];
  @Field(() => JSONScalar, { nullable: true }) maintainers?: unknown;
  @Field(() => [String]) sources!: string[];
  @Field(() => DeliveryMode, { nullable: true, description: 'How the app is delivered (seed 003).' })
  deliveryMode?: DeliveryMode | null;
  @Field(() => DeploymentMode, {
    nullable: true,
    description: 'EDGE_HOSTED apps deploy only to runtimes labelled edge: "true"; null or CLOUD_HOSTED: any runtime.',
  })
  deploymentMode?: DeploymentMode | null;
  @Field(() => Int, { description: 'Instances deployed from this app.' }) deployCount!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  // categories, repo, owner, vendor, versions, latestVersion: field resolvers (resolvers/app.resolver.ts)
}

@ObjectType('AppVersion')
export class AppVersionNode {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'The SemVer version of the package.' }) name!: string;
  @Field(() => String, { nullable: true }) appVersion?: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => String, { nullable: true }) changelog?: string;
  @Field(() => VersionStatus) status!: VersionStatus;
  @Field(() => AppType) type!: AppType;
  @Field(() => String, {
    description:
      'sha256 (hex) of the package archive; for repo versions the digest the index gives (empty when it gives none).',
  })
  digest!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  // app, packageSize, files, file, valuesSchema, configSchema, review, audits: field resolvers (resolvers/app-version.resolver.ts)
}

@ObjectType('Category')
export class CategoryNode {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => String, { nullable: true, description: 'Icon URL (/attachments/<sha256>).' }) icon?: string;
  // appCount: field resolver
}

@ObjectType('PackageValidation')
export class PackageValidationNode {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) version?: string;
  @Field(() => AppType, { nullable: true }) type?: AppType;
  @Field(() => [FieldError], {
    description: 'Per-file problems; path is the package-relative file ("" for the whole package).',
  })
  errors!: FieldError[];
  @Field(() => String, {
    nullable: true,
    description: 'Code of the first problem (e.g. PATH_TRAVERSAL, MISSING_FILE, ARCHIVE_TOO_LARGE).',
  })
  errorCode?: string;
}

export enum AppSort {
  NEWEST = 'NEWEST',
  NAME = 'NAME',
  MOST_DEPLOYED = 'MOST_DEPLOYED',
}
registerEnumType(AppSort, { name: 'AppSort' });

@InputType('AppFilter')
export class AppFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive match in name, description or keywords.' })
  search?: string;
  @Field(() => ID, { nullable: true }) categoryId?: string;
  @Field(() => ID, { nullable: true }) repoId?: string;
  @Field(() => [AppStatus], { nullable: true, description: 'Default: every status except DELETED.' })
  status?: AppStatus[];
  @Field(() => AppType, { nullable: true }) type?: AppType;
  @Field(() => Boolean, { nullable: true, description: 'Only apps the caller owns.' }) mine?: boolean;
}

@InputType('CreateAppInput', { description: 'Metadata comes from the package.' })
export class CreateAppInput {
  @Field(() => UploadScalar) package!: Promise<FileUpload>;
  @Field(() => ID, {
    nullable: true,
    description: 'Publish into this S3 repo (writes <name>-<version>.tgz and index.yaml).',
  })
  repoId?: string;
  @Field(() => [ID], { nullable: true, description: 'Default: uncategorized.' }) categoryIds?: string[];
  @Field(() => UploadScalar, { nullable: true, description: 'PNG, JPEG or SVG, at most 96×96 px and 20 KiB.' })
  icon?: Promise<FileUpload>;
}

@InputType('UpdateAppInput', {
  description:
    'Absent or null fields are unchanged; "" clears an optional text field. Refused (InvalidStateError) while a version is in review and for SUSPENDED or DELETED apps.',
})
export class UpdateAppInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'Unique per workspace (NameTakenError).' }) name?: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => String, { nullable: true }) abstraction?: string;
  @Field(() => String, { nullable: true }) readme?: string;
  @Field(() => String, { nullable: true, description: 'An http(s) URL.' }) home?: string;
  @Field(() => [String], { nullable: true, description: 'At most 32, each at most 64 characters.' })
  keywords?: string[];
  @Field(() => [ID], { nullable: true, description: 'Replaces the categories (empty: "uncategorized").' })
  categoryIds?: string[];
  @Field(() => DeliveryMode, { nullable: true }) deliveryMode?: DeliveryMode;
  @Field(() => DeploymentMode, { nullable: true }) deploymentMode?: DeploymentMode;
  @Field(() => UploadScalar, {
    nullable: true,
    description: 'PNG, JPEG or SVG, at most 96×96 px and 20 KiB by default; SVG with active content is refused.',
  })
  icon?: Promise<FileUpload>;
  @Field(() => [UploadScalar], {
    nullable: true,
    description: 'Replaces every screenshot (empty list: none); at most 6 PNG, JPEG or SVG images.',
  })
  screenshots?: Promise<FileUpload>[];
}

export const AppConnection = Connection(AppNode, 'App');
export const AppVersionConnection = Connection(AppVersionNode, 'AppVersion');

export const AppResult = createUnionType({
  name: 'AppResult',
  types: () => [AppNode, ValidationError, NameTakenError, InvalidStateError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'App',
});

export const AppVersionResult = createUnionType({
  name: 'AppVersionResult',
  types: () => [AppVersionNode, ValidationError, InvalidStateError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'AppVersion',
});
