import { Field, ID, InputType, Int } from 'type-graphql';
import { JSONScalar } from './scalars';

@InputType('DeployInput')
export class DeployInput {
  @Field(() => ID) versionId!: string;
  @Field(() => ID) runtimeId!: string;
  @Field(() => String, { description: 'Unique per owner; a Helm release name (lower-case DNS name, ≤ 53).' })
  name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => JSONScalar, { nullable: true, description: "The user's overrides of the chart's values." })
  config?: unknown;
}

@InputType('RoleResourceInput')
export class RoleResourceInput {
  @Field(() => String) role!: string;
  @Field(() => Int, { nullable: true }) cpu?: number;
  @Field(() => Int, { nullable: true }) memory?: number;
  @Field(() => Int, { nullable: true }) volumeSize?: number;
}
