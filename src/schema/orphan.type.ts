import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum CloudResourceKind {
  INSTANCE = 'INSTANCE',
  VOLUME = 'VOLUME',
}
export enum OrphanReason {
  INSTANCE_UNKNOWN = 'INSTANCE_UNKNOWN',
  INSTANCE_CEASED = 'INSTANCE_CEASED',
  UNRECORDED = 'UNRECORDED',
}
registerEnumType(CloudResourceKind, { name: 'CloudResourceKind', description: 'A VM or a volume of a cloud.' });
registerEnumType(OrphanReason, {
  name: 'OrphanReason',
  description:
    'INSTANCE_UNKNOWN: tagged for an instance Marina does not know; INSTANCE_CEASED: tagged for a ceased instance; UNRECORDED: made for a live instance by a job that ended without recording it.',
});

@ObjectType('OrphanedResource', {
  description: "A cloud VM or volume carrying Marina's tags that Marina no longer tracks.",
})
export class OrphanedResourceNode {
  @Field(() => String, { description: "The cloud's id." }) id!: string;
  @Field(() => CloudResourceKind) kind!: CloudResourceKind;
  @Field(() => String) name!: string;
  @Field(() => String, { description: "The cloud's own state word." }) state!: string;
  @Field(() => String) zone!: string;
  @Field(() => String, { description: 'Its `marina:instance` tag.' }) instanceTag!: string;
  @Field(() => String, { nullable: true, description: 'Its `marina:task` tag.' }) taskTag!: string | null;
  @Field(() => OrphanReason) reason!: OrphanReason;
  @Field(() => String) message!: string;
  @Field(() => String, { nullable: true, description: 'Volumes: the VM it is attached to.' })
  attachedTo!: string | null;
  @Field(() => Int, { nullable: true }) sizeGiB!: number | null;
}

@ObjectType('SkippedOrphan')
export class SkippedOrphanNode {
  @Field(() => String) id!: string;
  @Field(() => String) message!: string;
}

@ObjectType('OrphanRemoval', { description: 'What a removal terminated or deleted, and the ids it left alone.' })
export class OrphanRemovalNode {
  @Field(() => [OrphanedResourceNode]) removed!: OrphanedResourceNode[];
  @Field(() => [SkippedOrphanNode]) skipped!: SkippedOrphanNode[];
}
