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

@InputType('DeployYamlInput')
export class DeployYamlInput {
  @Field(() => ID) runtimeId!: string;
  @Field(() => String, { description: 'The instance name (also names its implicit app, yaml-<name>).' })
  name!: string;
  @Field(() => String, {
    description:
      'Kubernetes YAML (several documents); checked by server dry run with strict field validation before anything is applied.',
  })
  yaml!: string;
}

@InputType('RoleResourceInput')
export class RoleResourceInput {
  @Field(() => String) role!: string;
  @Field(() => Int, { nullable: true }) cpu?: number;
  @Field(() => Int, { nullable: true }) memory?: number;
  @Field(() => Int, { nullable: true }) volumeSize?: number;
}
