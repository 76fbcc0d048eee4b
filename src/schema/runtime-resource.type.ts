import { createUnionType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { failureTypeName, NameTakenError, ValidationError } from './errors.type';
import { JSONScalar } from './scalars';

export enum LoadBalancerLayer {
  L4 = 'L4',
  L7 = 'L7',
}
registerEnumType(LoadBalancerLayer, {
  name: 'LoadBalancerLayer',
  description: 'L4: a Service (ClusterIP, NodePort or LoadBalancer); L7: an Ingress with hosts and paths.',
});

@ObjectType('ConfigFile', { description: "A ConfigMap Marina created in a runtime's namespace; mountable by name." })
export class ConfigFileType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'The ConfigMap name.' }) name!: string;
  @Field(() => String) namespace!: string;
  @Field(() => ID) runtimeId!: string;
  @Field(() => JSONScalar, { description: 'File name → content.' }) data!: Record<string, string>;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType('Volume', { description: "A PersistentVolumeClaim Marina created in a runtime's namespace." })
export class VolumeType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) namespace!: string;
  @Field(() => ID) runtimeId!: string;
  @Field(() => String, { description: 'Requested size, e.g. 2Gi.' }) size!: string;
  @Field(() => String, { nullable: true, description: 'Null: the cluster default.' }) storageClass?: string | null;
  @Field(() => String) accessMode!: string;
  @Field(() => String, {
    description: 'Pending, Bound, Lost, Missing (gone from the cluster) or Unknown (the cluster did not answer).',
  })
  phase!: string;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType('LoadBalancer', { description: 'A Service (L4) or an Ingress (L7) added to an instance after its deploy.' })
export class LoadBalancerType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) namespace!: string;
  @Field(() => ID, { nullable: true }) instanceId?: string | null;
  @Field(() => LoadBalancerLayer) layer!: LoadBalancerLayer;
  @Field(() => String, { nullable: true, description: 'L4: ClusterIP, NodePort or LoadBalancer.' })
  serviceType?: string | null;
  @Field(() => JSONScalar, { nullable: true, description: 'L4: [{ name, port, targetPort, nodePort, protocol }].' })
  ports?: unknown;
  @Field(() => JSONScalar, {
    nullable: true,
    description: 'L7: [{ host, paths: [{ path, serviceName, servicePort }] }].',
  })
  rules?: unknown;
  @Field(() => [String], {
    description: 'Where it is reached: node address:nodePort (NodePort), ingress IP:port (LoadBalancer), hosts (L7).',
  })
  addresses!: string[];
  @Field(() => Date) createdAt!: Date;
}

@ObjectType('DeletedResource', { description: 'A runtime resource that was removed.' })
export class DeletedResourceType {
  @Field(() => ID) id!: string;
}

@InputType()
export class CreateConfigFileInput {
  @Field(() => ID) runtimeId!: string;
  @Field(() => String) name!: string;
  @Field(() => JSONScalar, { description: 'File name → text content (at most 1 MiB in all).' }) data!: unknown;
}

@InputType()
export class CreateVolumeInput {
  @Field(() => ID) runtimeId!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'A Kubernetes quantity, e.g. 2Gi.' }) size!: string;
  @Field(() => String, { nullable: true }) storageClass?: string | null;
  @Field(() => String, { nullable: true, description: 'ReadWriteOnce (default), ReadOnlyMany or ReadWriteMany.' })
  accessMode?: string | null;
}

@InputType()
export class LoadBalancerPortInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => Int) port!: number;
  @Field(() => Int, { nullable: true, description: 'Default: port.' }) targetPort?: number | null;
  @Field(() => Int, { nullable: true, description: 'NodePort/LoadBalancer: 30000–32767; default allocated.' })
  nodePort?: number | null;
  @Field(() => String, { nullable: true, description: 'TCP (default) or UDP.' }) protocol?: string | null;
}

@InputType()
export class IngressPathInput {
  @Field(() => String) path!: string;
  @Field(() => String) serviceName!: string;
  @Field(() => Int) servicePort!: number;
}

@InputType()
export class IngressRuleInput {
  @Field(() => String) host!: string;
  @Field(() => [IngressPathInput]) paths!: IngressPathInput[];
}

@InputType()
export class LoadBalancerInput {
  @Field(() => String) name!: string;
  @Field(() => LoadBalancerLayer) layer!: LoadBalancerLayer;
  @Field(() => String, { nullable: true, description: 'L4: ClusterIP (default), NodePort or LoadBalancer.' })
  serviceType?: string | null;
  @Field(() => [LoadBalancerPortInput], { nullable: true }) ports?: LoadBalancerPortInput[] | null;
  @Field(() => JSONScalar, {
    nullable: true,
    description: 'L4: pod labels; default { app.kubernetes.io/instance: <instance name> }.',
  })
  selector?: unknown;
  @Field(() => String, { nullable: true }) ingressClassName?: string | null;
  @Field(() => [IngressRuleInput], { nullable: true }) rules?: IngressRuleInput[] | null;
}

export const ConfigFileResult = createUnionType({
  name: 'ConfigFileResult',
  types: () => [ConfigFileType, ValidationError, NameTakenError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'ConfigFile',
});

export const VolumeResult = createUnionType({
  name: 'VolumeResult',
  types: () => [VolumeType, ValidationError, NameTakenError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'Volume',
});

export const LoadBalancerResult = createUnionType({
  name: 'LoadBalancerResult',
  types: () => [LoadBalancerType, ValidationError, NameTakenError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'LoadBalancer',
});

export const DeleteResourceResult = createUnionType({
  name: 'DeleteResourceResult',
  types: () => [DeletedResourceType, ValidationError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'DeletedResource',
});
