import { createUnionType, Field, ID, ObjectType } from 'type-graphql';
import { Connection } from './connection';
import { Provider, RuntimeEnvironment } from './enums';
import { failureTypeName, NameTakenError, ValidationError } from './errors.type';
import { JSONScalar } from './scalars';

@ObjectType('RuntimeCredential', {
  description: 'Cloud access keys or a kubeconfig. The secret is sealed at rest and never returned.',
})
export class RuntimeCredentialNode {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Provider) provider!: Provider;
  @Field(() => String, { nullable: true }) endpoint?: string;
  @Field(() => String, { nullable: true, description: 'The region the keys are checked in (clouds).' }) region?: string;
  @Field(() => Date) createdAt!: Date;
  // maskedAccessKeyId: field resolver (resolvers/runtime.resolver.ts)
}

@ObjectType('Runtime', {
  description:
    'A deploy target: a cloud zone (its region follows) or a Kubernetes namespace, reached through a credential.',
})
export class RuntimeNode {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => Provider) provider!: Provider;
  @Field(() => String, { nullable: true }) zone?: string;
  @Field(() => String, { nullable: true, description: "The zone's region." }) region?: string;
  @Field(() => String, { nullable: true, description: 'Default VPC of VMs deployed here.' }) vpcId?: string;
  @Field(() => String, {
    nullable: true,
    description: "Default subnet of VMs deployed here (a VM package's cluster.subnet overrides it).",
  })
  subnetId?: string;
  @Field(() => String, { nullable: true }) namespace?: string;
  @Field(() => RuntimeEnvironment) environment!: RuntimeEnvironment;
  @Field(() => JSONScalar, { nullable: true }) labels?: Record<string, string>;
  @Field(() => String) status!: string;
  @Field(() => Date) createdAt!: Date;
  // credential, owner: field resolvers (resolvers/runtime.resolver.ts)
}

@ObjectType('CredentialValidation', {
  description: 'What the provider says about a credential: the zones it can see, or why it cannot.',
})
export class CredentialValidationNode {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String, { nullable: true }) message?: string;
  @Field(() => [String]) zones!: readonly string[];
  @Field(() => [String], { description: "The account's regions." }) regions!: readonly string[];
  @Field(() => String, { nullable: true, description: 'The region whose zones are listed.' }) region?: string;
  @Field(() => String, {
    nullable: true,
    description:
      'BAD_CREDENTIALS, FORBIDDEN, UNREACHABLE, WRONG_REGION, ENDPOINT_REFUSED, TLS, INVALID_KUBECONFIG, THROTTLED, NOT_SUPPORTED or PROVIDER_ERROR when not ok.',
  })
  errorCode?: string;
}

export const RuntimeConnection = Connection(RuntimeNode, 'Runtime');

export const RuntimeResult = createUnionType({
  name: 'RuntimeResult',
  types: () => [RuntimeNode, ValidationError, NameTakenError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'Runtime',
});
