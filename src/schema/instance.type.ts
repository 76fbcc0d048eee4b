import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from './connection';
import { InstanceStatus, TransitionStatus } from './enums';
import { failureTypeName, InvalidStateError, NameTakenError, ValidationError } from './errors.type';
import { JobType } from './job.type';
import { JSONScalar } from './scalars';

@ObjectType('Instance', {
  description:
    'A deployed app (a Helm release on Kubernetes). A non-null transitionStatus locks it until its job finishes.',
})
export class InstanceType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Unique per owner; on Kubernetes also the Helm release name.' }) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => InstanceStatus) status!: InstanceStatus;
  @Field(() => TransitionStatus, { nullable: true }) transitionStatus?: TransitionStatus | null;
  @Field(() => JSONScalar, { nullable: true, description: "The user's overrides (Helm values), not merged defaults." })
  config?: Record<string, unknown>;
  @Field(() => Int, { description: 'The revision last asked for (see revisions for what happened to each).' })
  revision!: number;
  @Field(() => JSONScalar, {
    nullable: true,
    description: 'How users reach it, as last observed: [{ kind, name, address, port, protocol }].',
  })
  endpoints?: unknown;
  @Field(() => String, { nullable: true, description: "Why the last operation failed (e.g. a pod's reason)." })
  lastError?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The AppKey naming this instance to platform APIs (null once revoked); its secret is never shown here.',
  })
  appKey?: string | null;
  @Field(() => Date, { nullable: true, description: 'When resources, nodes and endpoints were last observed.' })
  observedAt?: Date;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  // app, version, runtime, revisions, nodes, resources, jobs, effectiveConfig, replicas: field resolvers (resolvers/instance-fields.resolver.ts)
}

@ObjectType('InstanceRevision', { description: 'One applied configuration (a Helm release revision).' })
export class InstanceRevisionType {
  @Field(() => Int) revision!: number;
  @Field(() => JSONScalar, { nullable: true }) config?: Record<string, unknown>;
  @Field(() => String, { description: 'pending, deployed, failed or superseded.' }) status!: string;
  @Field(() => String, {
    description:
      'deploy, upgrade, rollback, update_config, recover, adopt, or external (a revision helm made outside Marina).',
  })
  action!: string;
  @Field(() => [String], { description: 'Override keys the rendered chart no longer has.' })
  removedValueKeys!: string[];
  @Field(() => String, { nullable: true, description: 'sha256 of the rendered manifest.' }) manifestDigest?: string;
  @Field(() => ID, { nullable: true }) jobId?: string;
  // version: field resolver
}

@ObjectType('InstanceNode', { description: 'A pod (Kubernetes) or a VM of an instance.' })
export class InstanceNodeType {
  @Field(() => ID) id!: string;
  @Field(() => String) role!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) privateIp?: string | null;
  @Field(() => String) status!: string;
  @Field(() => String, { nullable: true, description: 'HEALTHY, PROGRESSING, DEGRADED or MISSING.' })
  health?: string | null;
}

@ObjectType('KubeResource', { description: 'A deployed Kubernetes object with its readiness and health.' })
export class KubeResourceType {
  @Field(() => String) apiVersion!: string;
  @Field(() => String) kind!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) namespace?: string | null;
  @Field(() => Int, { nullable: true }) ready?: number | null;
  @Field(() => Int, { nullable: true }) desired?: number | null;
  @Field(() => String, { description: 'HEALTHY, PROGRESSING, DEGRADED or MISSING.' }) health!: string;
  @Field(() => String, { nullable: true, description: 'Why it is not healthy.' }) message?: string | null;
}

@ObjectType('InstanceJob', { description: 'An instance and the job carrying out the operation on it.' })
export class InstanceJobType {
  @Field(() => InstanceType) instance!: InstanceType;
  @Field(() => JobType) job!: JobType;
  @Field(() => String, {
    nullable: true,
    description:
      "The instance's AppSecret: only on the deploy that created the instance, never again (rotateAppKey issues a new one).",
  })
  appSecret?: string | null;
}

export enum ChangeAction {
  ADD = 'ADD',
  CHANGE = 'CHANGE',
  REMOVE = 'REMOVE',
  UNCHANGED = 'UNCHANGED',
}
registerEnumType(ChangeAction, { name: 'ChangeAction' });

@ObjectType('ObjectChange', { description: 'What applying a preview would do to one object.' })
export class ObjectChangeType {
  @Field(() => String) kind!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) namespace?: string | null;
  @Field(() => ChangeAction) action!: ChangeAction;
  @Field(() => String, { nullable: true, description: "Unified diff of the manifest; Secrets' data masked." })
  diff?: string | null;
}

@ObjectType('InstancePreview', {
  description: 'A deploy or upgrade rendered against the live cluster; nothing applied.',
})
export class InstancePreviewType {
  @Field(() => [ObjectChangeType]) changes!: ObjectChangeType[];
  @Field(() => [String]) removedValueKeys!: string[];
  @Field(() => [String]) warnings!: string[];
}

export const InstanceConnection = Connection(InstanceType, 'Instance');
export const JobConnection = Connection(JobType, 'Job');

export const InstanceJobResult = createUnionType({
  name: 'InstanceJobResult',
  types: () => [InstanceJobType, ValidationError, InvalidStateError, NameTakenError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'InstanceJob',
});

export const InstancePreviewResult = createUnionType({
  name: 'InstancePreviewResult',
  types: () => [InstancePreviewType, ValidationError, InvalidStateError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'InstancePreview',
});
