/**
 * RunInstances: client token first (same token and parameters → the instances of the first call;
 * other parameters → IdempotentParameterMismatch), then image, placement, key and count checks,
 * then pending instances whose boot the lifecycle schedules.
 */
import { readClientToken, recordClientToken } from './client-token';
import type { Ec2Context } from './ec2.context';
import { Ec2Fault, ec2Faults, notFound } from './ec2.errors';
import { newId, type InstanceRecord, type SubnetRecord } from './ec2.model';
import type { QueryParams } from './query.parser';

const TOKEN_SCOPE = 'RunInstances';
const DEFAULT_INSTANCE_TYPE = 'm1.small';
const SSH_PUBLIC_KEY =
  /(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}/g;

/** OpenSSH public keys found anywhere in the (base64) user data, e.g. cloud-config `ssh_authorized_keys`. */
export function keysInUserData(userData: string | undefined): string[] {
  if (userData === undefined) return [];
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(userData) || userData.length % 4 !== 0) {
    throw new Ec2Fault('InvalidParameterValue', 'Invalid BASE64 encoding of user data.');
  }
  return Buffer.from(userData, 'base64').toString('utf8').match(SSH_PUBLIC_KEY) ?? [];
}

function placement(params: QueryParams, ctx: Ec2Context): SubnetRecord {
  const zone = params.get('Placement.AvailabilityZone');
  const subnetId = params.get('SubnetId');
  if (subnetId !== undefined) {
    const subnet = ctx.model.state.subnets[subnetId];
    if (!subnet) throw notFound.subnet(subnetId);
    if (zone !== undefined && zone !== subnet.zone)
      throw new Ec2Fault(
        'InvalidParameterValue',
        `Value (${zone}) for parameter availabilityZone is invalid. Subnet ${subnetId} is in ${subnet.zone}.`,
      );
    return subnet;
  }
  if (zone !== undefined && !ctx.region.zones.includes(zone))
    throw new Ec2Fault('InvalidParameterValue', `Invalid availability zone: [${zone}]`);
  return ctx.model.defaultSubnet(zone ?? ctx.region.zones[0]);
}

function launchKeys(params: QueryParams, ctx: Ec2Context): { keyName?: string; keys: string[] } {
  const keyName = params.get('KeyName');
  const keys = keysInUserData(params.get('UserData'));
  if (keyName === undefined) return { keys };
  const pair = ctx.model.state.keyPairs[keyName];
  if (!pair) throw notFound.keyPair(keyName);
  return { keyName, keys: [...new Set([pair.publicKey, ...keys])] };
}

/** MaxCount when the quota allows it, else as many as fit if that is at least MinCount. */
function launchCount(params: QueryParams, ctx: Ec2Context): number {
  const min = params.int('MinCount', { min: 1 });
  const max = params.int('MaxCount', { min: 1 });
  if (min === undefined) throw ec2Faults.missing('MinCount');
  if (max === undefined) throw ec2Faults.missing('MaxCount');
  if (max < min)
    throw new Ec2Fault(
      'InvalidParameterValue',
      `Value (${max}) for parameter maxCount is invalid. Must be greater than or equal to minCount (${min}).`,
    );
  const limit = ctx.core.quotas.maxInstances;
  const free = limit - ctx.model.liveInstances().length;
  if (free < min) {
    throw new Ec2Fault(
      'InstanceLimitExceeded',
      `You have requested more instances (${ctx.model.liveInstances().length + min}) than your current instance limit of ${limit} allows for the specified instance type. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.`,
    );
  }
  return Math.min(max, free);
}

export function launchInstances(params: QueryParams, ctx: Ec2Context): InstanceRecord[] {
  const token = readClientToken(TOKEN_SCOPE, params, ctx);
  const earlier = token.earlier
    ?.map((id) => ctx.model.state.instances[id])
    .filter((i): i is InstanceRecord => i !== undefined);
  if (earlier?.length) return earlier;
  const imageId = params.required('ImageId');
  if (!ctx.core.acceptImage(imageId))
    throw new Ec2Fault('InvalidAMIID.NotFound', `The image id '[${imageId}]' does not exist`);
  const subnet = placement(params, ctx);
  const { keyName, keys } = launchKeys(params, ctx);
  const count = launchCount(params, ctx);
  const reservationId = newId('r');
  const launchTime = new Date().toISOString();
  const tags = params.tagsFor('instance');
  const instances: InstanceRecord[] = [];
  for (let launchIndex = 0; launchIndex < count; launchIndex++) {
    const instance: InstanceRecord = {
      id: newId('i'),
      reservationId,
      imageId,
      instanceType: params.get('InstanceType') ?? DEFAULT_INSTANCE_TYPE,
      state: 'pending',
      keyName,
      authorizedKeys: keys,
      vpcId: subnet.vpcId,
      subnetId: subnet.id,
      zone: subnet.zone,
      launchTime,
      launchIndex,
      clientToken: token.token,
    };
    ctx.model.state.instances[instance.id] = instance;
    ctx.model.setTags(instance.id, tags);
    ctx.instances.settle(instance);
    instances.push(instance);
  }
  recordClientToken(
    TOKEN_SCOPE,
    token,
    instances.map((i) => i.id),
    ctx,
  );
  ctx.model.save();
  return instances;
}
