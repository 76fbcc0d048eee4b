import { createHash } from 'node:crypto';
import { checkZone, matchesTags, newTags, page, requireRegion, tagList, type EcsAction } from './ecs.action';
import { ecsError, invalid } from './ecs.errors';
import { isoNow, type EcsKeyPair } from './ecs.state';

/** DescribeRegions: the sandbox's one region, served by this endpoint. */
export const describeRegions: EcsAction = (ctx) => ({
  Regions: {
    Region: [
      {
        RegionId: ctx.store.placement.region,
        LocalName: ctx.store.placement.region,
        RegionEndpoint: ctx.endpointHost,
        Status: 'available',
      },
    ],
  },
});

export const describeZones: EcsAction = (ctx) => {
  requireRegion(ctx);
  return {
    Zones: {
      Zone: ctx.store.placement.zones.map((zone) => ({
        ZoneId: zone,
        LocalName: zone,
        ZoneType: 'AvailabilityZone',
        AvailableResourceCreation: { ResourceTypes: ['Instance', 'Disk', 'VSwitch'] },
        AvailableDiskCategories: { DiskCategories: ['cloud_essd', 'cloud_ssd', 'cloud_efficiency'] },
        AvailableInstanceTypes: { InstanceTypes: ['ecs.c6.large', 'ecs.g6.large', 'ecs.r6.large', 'ecs.g6.xlarge'] },
      })),
    },
  };
};

export const describeVpcs: EcsAction = (ctx) => {
  requireRegion(ctx);
  const vpcId = ctx.params.get('VpcId');
  const vpcs = Object.values(ctx.store.state.vpcs).filter((v) => !vpcId || v.id === vpcId);
  const { items, fields } = page(ctx, vpcs);
  const vswitches = Object.values(ctx.store.state.vswitches);
  return {
    Vpcs: {
      Vpc: items.map((v) => ({
        VpcId: v.id,
        VpcName: v.name,
        CidrBlock: v.cidr,
        RegionId: ctx.store.placement.region,
        Status: 'Available',
        IsDefault: false,
        VSwitchIds: { VSwitchId: vswitches.filter((s) => s.vpcId === v.id).map((s) => s.id) },
      })),
    },
    ...fields,
  };
};

export const describeVSwitches: EcsAction = (ctx) => {
  requireRegion(ctx, false);
  const zone = ctx.params.get('ZoneId');
  checkZone(ctx, zone);
  const [vpcId, vswitchId] = [ctx.params.get('VpcId'), ctx.params.get('VSwitchId')];
  const found = Object.values(ctx.store.state.vswitches).filter(
    (s) => (!vpcId || s.vpcId === vpcId) && (!vswitchId || s.id === vswitchId) && (!zone || s.zoneId === zone),
  );
  const { items, fields } = page(ctx, found);
  return {
    VSwitches: {
      VSwitch: items.map((s) => ({
        VSwitchId: s.id,
        VSwitchName: s.name,
        VpcId: s.vpcId,
        ZoneId: s.zoneId,
        CidrBlock: s.cidr,
        Status: 'Available',
        AvailableIpAddressCount: 252,
        IsDefault: false,
      })),
    },
    ...fields,
  };
};

/** The MD5 fingerprint of an OpenSSH public key's blob; InvalidParameter when it is not one. */
function fingerprint(publicKey: string): string {
  const m = /^(ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp(?:256|384|521)) ([A-Za-z0-9+/]+=*)(\s.*)?$/.exec(
    publicKey.trim(),
  );
  if (!m) throw invalid('PublicKeyBody', 'is not an OpenSSH public key');
  return createHash('md5').update(Buffer.from(m[2], 'base64')).digest('hex');
}

export const importKeyPair: EcsAction = (ctx) => {
  requireRegion(ctx);
  const name = ctx.params.required('KeyPairName');
  const publicKey = ctx.params.required('PublicKeyBody').trim();
  if (!/^[A-Za-z][\w.:-]{1,127}$/.test(name)) throw invalid('KeyPairName');
  if (ctx.store.state.keyPairs[name]) throw ecsError('KeyPair.AlreadyExist');
  const pair: EcsKeyPair = {
    name,
    publicKey,
    fingerprint: fingerprint(publicKey),
    tags: newTags(ctx),
    creationTime: isoNow(),
  };
  ctx.store.state.keyPairs[name] = pair;
  ctx.store.save();
  return { KeyPairName: name, KeyPairFingerPrint: pair.fingerprint };
};

export const describeKeyPairs: EcsAction = (ctx) => {
  requireRegion(ctx);
  const [name, fp] = [ctx.params.get('KeyPairName'), ctx.params.get('KeyPairFingerPrint')];
  const tags = ctx.params.tags();
  const found = Object.values(ctx.store.state.keyPairs).filter(
    (k) => (!name || k.name === name) && (!fp || k.fingerprint === fp) && matchesTags(k.tags, tags),
  );
  const { items, fields } = page(ctx, found);
  return {
    KeyPairs: {
      KeyPair: items.map((k) => ({
        KeyPairName: k.name,
        KeyPairFingerPrint: k.fingerprint,
        CreationTime: k.creationTime,
        Tags: tagList(k.tags),
      })),
    },
    ...fields,
  };
};

/** DeleteKeyPairs: KeyPairNames as a JSON array; names that do not exist are ignored, as in ECS. */
export const deleteKeyPairs: EcsAction = (ctx) => {
  requireRegion(ctx);
  const names = ctx.params.jsonList('KeyPairNames');
  if (!names?.length) throw invalid('KeyPairNames', 'must be a non-empty JSON array');
  for (const name of names) delete ctx.store.state.keyPairs[name];
  ctx.store.save();
  return {};
};

/** DescribeImages: the images seen so far plus the default (or the fixed list). */
export const describeImages: EcsAction = (ctx) => {
  requireRegion(ctx);
  const wanted = ctx.params.get('ImageId')?.split(',');
  const images = ctx.core.images().filter((id) => !wanted || wanted.includes(id));
  const { items, fields } = page(ctx, images);
  return {
    RegionId: ctx.store.placement.region,
    Images: {
      Image: items.map((id) => ({
        ImageId: id,
        ImageName: id,
        OSType: 'linux',
        Platform: 'Linux',
        Architecture: 'x86_64',
        Status: 'Available',
        Size: 40,
        ImageOwnerAlias: 'system',
        IsSupportCloudinit: true,
      })),
    },
    ...fields,
  };
};
