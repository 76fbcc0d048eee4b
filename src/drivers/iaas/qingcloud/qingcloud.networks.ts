/**
 * Routers (VPCs), vxnets (subnets), key pairs and tagging for the QingCloud adapter.
 */
import { IaasError, type IaasKeyPair, type IaasNetwork, type IaasSubnet } from '../iaas.types';
import type { QingCloudApi } from './qingcloud.api';
import { PAGE } from './qingcloud.mappers';
import type { QingCloudTagBook } from './qingcloud.tags';

/** A QingCloud VPC is a router; its vxnets are the subnets. */
export async function describeVpcs(api: QingCloudApi): Promise<readonly IaasNetwork[]> {
  const { router_set } = await api.describeRouters({ limit: PAGE });
  return router_set.map((r) => ({ id: r.router_id, name: r.router_name, cidr: r.vpc_network }));
}

export async function describeSubnets(api: QingCloudApi, vpcId?: string): Promise<readonly IaasSubnet[]> {
  const { vxnet_set } = await api.describeVxnets({ verbose: 1, limit: PAGE });
  return vxnet_set
    .filter((v) => v.vpc_router_id && (!vpcId || v.vpc_router_id === vpcId))
    .map((v) => ({
      id: v.vxnet_id,
      name: v.vxnet_name,
      vpcId: v.vpc_router_id ?? '',
      zone: v.zone_id,
      cidr: v.router?.ip_network,
    }));
}

/** Registers a public key (mode=user); a key pair of that name with the same key is returned as it is. */
export async function importKeyPair(api: QingCloudApi, name: string, publicKey: string): Promise<IaasKeyPair> {
  const { keypair_set } = await api.describeKeyPairs({ search_word: name, limit: PAGE });
  const same = keypair_set.find((k) => k.keypair_name === name && k.pub_key?.trim() === publicKey.trim());
  if (same) return { id: same.keypair_id, name };
  const { keypair_id } = await api.createKeyPair({
    keypair_name: name,
    mode: 'user',
    public_key: publicKey.trim(),
  });
  return { id: keypair_id, name };
}

export async function describeKeyPairs(api: QingCloudApi): Promise<readonly IaasKeyPair[]> {
  const { keypair_set } = await api.describeKeyPairs({ limit: PAGE });
  return keypair_set.map((k) => ({ id: k.keypair_id, name: k.keypair_name }));
}

export async function deleteKeyPair(api: QingCloudApi, id: string): Promise<void> {
  await api.deleteKeyPairs([id]);
}

/** Tags instances (`i-…`), volumes (`vol-…`) and key pairs (`kp-…`). */
export async function tagResources(
  tagBook: QingCloudTagBook,
  ids: readonly string[],
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  for (const id of ids) {
    const type = id.startsWith('i-')
      ? 'instance'
      : id.startsWith('vol-')
        ? 'volume'
        : id.startsWith('kp-')
          ? 'keypair'
          : undefined;
    if (!type)
      throw new IaasError(
        'INVALID_PARAMETER',
        'ResourceType',
        `QingCloud cannot tag ${id}: not an instance, volume or key pair`,
      );
    await tagBook.attach(type, id, tags);
  }
}
