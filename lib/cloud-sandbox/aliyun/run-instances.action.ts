import { checkZone, clientToken, newTags, requireRegion, type EcsContext } from './ecs.action';
import { ecsError, invalid } from './ecs.errors';
import { shapeOf } from './ecs-instance-types';
import { ecsId, isoNow, type EcsInstance, type EcsVSwitch } from './ecs.state';

const TOKEN_SCOPE = 'ecs:RunInstances';
const PUBLIC_KEY = /(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp(?:256|384|521)) [A-Za-z0-9+/]+=*(?: [^\s"',]+)?/g;

/**
 * RunInstances: creates `Amount` instances in the VSwitch's zone, Pending until the boot delay
 * has passed. `ClientToken` with the same parameters returns the first call's instance ids; with
 * other parameters it is IdempotentParameterMismatch. The VM accepts SSH logins as root with the
 * key pair named by `KeyPairName` and any OpenSSH public key found in the (base64) `UserData`.
 */
export function runInstances(ctx: EcsContext): Record<string, unknown> {
  requireRegion(ctx);
  const { params, store, core } = ctx;
  const token = clientToken(ctx, TOKEN_SCOPE);
  if (token.replay) return response(token.replay);
  const imageId = params.required('ImageId');
  const instanceType = params.required('InstanceType');
  const amount = params.int('Amount', 1) ?? 1;
  if (amount < 1 || amount > 100) throw invalid('Amount', 'must be between 1 and 100');
  const vswitch = chooseVSwitch(ctx);
  const authorizedKeys = launchKeys(ctx);
  const tags = newTags(ctx);
  if (!core.acceptImage(imageId)) throw ecsError('InvalidImageId.NotFound');
  if (Object.keys(store.state.instances).length + amount > core.quotas.maxInstances)
    throw ecsError('QuotaExceed.ElasticQuota');
  if (params.bool('DryRun')) throw ecsError('DryRunOperation');

  const ids: string[] = [];
  for (let n = 0; n < amount; n++) {
    const id = ecsId('i');
    const instance: EcsInstance = {
      id,
      name: params.get('InstanceName') ?? id,
      hostName: params.get('HostName') ?? `iZ${id.slice(2)}Z`,
      status: 'Pending',
      zoneId: vswitch.zoneId,
      instanceType,
      ...shapeOf(instanceType),
      imageId,
      vpcId: vswitch.vpcId,
      vSwitchId: vswitch.id,
      keyPairName: params.get('KeyPairName'),
      authorizedKeys,
      tags: { ...tags },
      creationTime: isoNow(),
    };
    store.state.instances[id] = instance;
    ctx.lifecycle.boot(instance);
    ids.push(id);
  }
  store.save();
  token.record(ids);
  return response(ids);
}

function response(ids: readonly string[]): Record<string, unknown> {
  return { InstanceIdSets: { InstanceIdSet: [...ids] }, TradePrice: 0 };
}

function chooseVSwitch(ctx: EcsContext): EcsVSwitch {
  const zone = ctx.params.get('ZoneId');
  checkZone(ctx, zone);
  const vswitchId = ctx.params.get('VSwitchId');
  const vswitches = Object.values(ctx.store.state.vswitches);
  if (vswitchId) {
    const found = ctx.store.state.vswitches[vswitchId];
    if (!found) throw ecsError('InvalidVSwitchId.NotFound');
    if (zone && found.zoneId !== zone) throw invalid('ZoneId', `does not match the zone of VSwitch ${vswitchId}`);
    return found;
  }
  const inZone = vswitches.find((v) => !zone || v.zoneId === zone);
  if (!inZone) throw ecsError('InvalidVSwitchId.NotFound', `No VSwitch in zone ${zone}; specify VSwitchId.`);
  return inZone;
}

function launchKeys(ctx: EcsContext): string[] {
  const keys: string[] = [];
  const keyPairName = ctx.params.get('KeyPairName');
  if (keyPairName) {
    const pair = ctx.store.state.keyPairs[keyPairName];
    if (!pair) throw ecsError('InvalidKeyPairName.NotFound');
    keys.push(pair.publicKey);
  }
  const userData = ctx.params.get('UserData');
  if (userData) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(userData) || userData.length > 43690)
      throw invalid('UserData', 'must be base64 of at most 32 KB');
    keys.push(...(Buffer.from(userData, 'base64').toString('utf8').match(PUBLIC_KEY) ?? []));
  }
  return [...new Set(keys)];
}
