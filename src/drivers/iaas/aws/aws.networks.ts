/**
 * VPCs, subnets, key pairs and tags for the AWS adapter.
 */
import {
  CreateTagsCommand,
  DeleteKeyPairCommand,
  DescribeKeyPairsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  ImportKeyPairCommand,
} from '@aws-sdk/client-ec2';
import { IaasError, type IaasKeyPair, type IaasNetwork, type IaasSubnet } from '../iaas.types';
import type { Ec2Call } from './aws.call';
import { toKeyPair, toNetwork, toSubnet, toTags } from './aws.mappers';

export async function describeVpcs(call: Ec2Call): Promise<readonly IaasNetwork[]> {
  const out = await call((ec2) => ec2.send(new DescribeVpcsCommand({})));
  return (out.Vpcs ?? []).map(toNetwork);
}

export async function describeSubnets(call: Ec2Call, vpcId?: string): Promise<readonly IaasSubnet[]> {
  const out = await call((ec2) =>
    ec2.send(new DescribeSubnetsCommand({ Filters: vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : undefined })),
  );
  return (out.Subnets ?? []).map(toSubnet);
}

/** The name EC2 knows a key pair by (RunInstances takes names, Marina keeps ids). */
export async function keyNameOf(call: Ec2Call, keyPairId: string): Promise<string> {
  const out = await call((ec2) => ec2.send(new DescribeKeyPairsCommand({ KeyPairIds: [keyPairId] })));
  const name = out.KeyPairs?.[0]?.KeyName;
  if (!name) throw new IaasError('NOT_FOUND', 'InvalidKeyPair.NotFound', `Key pair ${keyPairId} not found`);
  return name;
}

/** Importing the same key under the same name again returns the existing pair. */
export async function importKeyPair(call: Ec2Call, name: string, publicKey: string): Promise<IaasKeyPair> {
  try {
    const out = await call((ec2) =>
      ec2.send(new ImportKeyPairCommand({ KeyName: name, PublicKeyMaterial: Buffer.from(publicKey.trim(), 'utf8') })),
    );
    return { id: out.KeyPairId ?? '', name: out.KeyName ?? name, fingerprint: out.KeyFingerprint };
  } catch (err) {
    if (!(err instanceof IaasError && err.providerCode === 'InvalidKeyPair.Duplicate')) throw err;
    const out = await call((ec2) =>
      ec2.send(new DescribeKeyPairsCommand({ KeyNames: [name], IncludePublicKey: true })),
    );
    const existing = out.KeyPairs?.[0];
    const sameKey =
      existing?.PublicKey?.split(/\s+/).slice(0, 2).join(' ') === publicKey.trim().split(/\s+/).slice(0, 2).join(' ');
    if (!existing || !sameKey) throw err;
    return toKeyPair(existing);
  }
}

export async function describeKeyPairs(call: Ec2Call): Promise<readonly IaasKeyPair[]> {
  const out = await call((ec2) => ec2.send(new DescribeKeyPairsCommand({})));
  return (out.KeyPairs ?? []).map(toKeyPair);
}

export async function deleteKeyPair(call: Ec2Call, id: string): Promise<void> {
  await call((ec2) => ec2.send(new DeleteKeyPairCommand({ KeyPairId: id })));
}

export async function tagResources(
  call: Ec2Call,
  ids: readonly string[],
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  if (ids.length === 0) return;
  await call((ec2) => ec2.send(new CreateTagsCommand({ Resources: [...ids], Tags: toTags(tags) })));
}
