import { Field, ID, InputType, Int } from 'type-graphql';
import { JSONScalar } from './scalars';

@InputType('ImagePortInput', {
  description: 'A port pair: `port` is what clients use, `targetPort` what the container listens on.',
})
export class ImagePortInput {
  @Field(() => Int) port!: number;
  @Field(() => Int, { nullable: true, description: 'Default: port.' }) targetPort?: number;
  @Field(() => Int, { nullable: true, description: 'NodePort / LoadBalancer services only (30000-32767).' })
  nodePort?: number;
  @Field(() => String, { nullable: true, description: 'TCP (default) or UDP.' }) protocol?: string;
}

@InputType('DeployFromImageInput')
export class DeployFromImageInput {
  @Field(() => ID) runtimeId!: string;
  @Field(() => String, { description: 'Instance name, also the name of the one-node app made for it.' }) name!: string;
  @Field(() => String, { description: 'Image reference, e.g. "nginx:1.27".' }) image!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => [ImagePortInput], { nullable: true }) ports?: ImagePortInput[];
  @Field(() => String, { nullable: true, description: 'ClusterIP (default), NodePort or LoadBalancer.' })
  serviceType?: string;
  @Field(() => JSONScalar, { nullable: true, description: 'Environment variables (name → value).' }) env?: unknown;
  @Field(() => [String], { nullable: true }) command?: string[];
  @Field(() => [String], { nullable: true }) args?: string[];
  @Field(() => Int, { nullable: true }) replicas?: number;
  @Field(() => JSONScalar, { nullable: true, description: '{ requests: { cpu, memory }, limits: { cpu, memory } }' })
  resources?: unknown;
  @Field(() => JSONScalar, { nullable: true, description: '{ nodeSelector, hosts, affinity, antiAffinity }' })
  scheduling?: unknown;
  @Field(() => JSONScalar, {
    nullable: true,
    description: '{ type: RollingUpdate|Recreate, maxUnavailable, maxSurge }',
  })
  strategy?: unknown;
}
