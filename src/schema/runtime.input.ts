import { Field, ID, InputType } from 'type-graphql';
import { Provider, RuntimeEnvironment } from './enums';
import { JSONScalar } from './scalars';

@InputType('CreateRuntimeCredentialInput', {
  description:
    'Clouds: accessKeyId + secretAccessKey (endpoint and region optional); KUBERNETES: kubeconfig. Secrets are write-only.',
})
export class CreateRuntimeCredentialInput {
  @Field(() => String) name!: string;
  @Field(() => Provider) provider!: Provider;
  @Field(() => String, {
    nullable: true,
    description: "API base URL (default: the cloud's public endpoint); must pass the outbound policy.",
  })
  endpoint?: string;
  @Field(() => String, { nullable: true }) accessKeyId?: string;
  @Field(() => String, { nullable: true }) secretAccessKey?: string;
  @Field(() => String, { nullable: true }) kubeconfig?: string;
  @Field(() => String, {
    nullable: true,
    description: "Region the keys are checked in (default: the cloud's usual first region).",
  })
  region?: string;
}

@InputType('CreateRuntimeInput')
export class CreateRuntimeInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => Provider) provider!: Provider;
  @Field(() => ID) credentialId!: string;
  @Field(() => String, { nullable: true, description: 'Clouds: a zone the credential can see; its region follows.' })
  zone?: string;
  @Field(() => String, { nullable: true }) namespace?: string;
  @Field(() => RuntimeEnvironment, { nullable: true }) environment?: RuntimeEnvironment;
  @Field(() => JSONScalar, { nullable: true }) labels?: unknown;
  @Field(() => String, { nullable: true, description: 'Default VPC of VMs deployed here (checked with the cloud).' })
  vpcId?: string;
  @Field(() => String, {
    nullable: true,
    description: 'Default subnet (checked with the cloud; in the zone when the cloud says).',
  })
  subnetId?: string;
}
