/**
 * The EC2 sandbox's front end: an EC2 Query API server (SigV4, EC2's XML and errors) over the
 * shared cloud-sandbox core, whose VMs are real SSH hosts. State (instances, volumes, networks,
 * key pairs, tags, and the sandbox's own access key) persists in the core's state file when one
 * is configured; a restarted sandbox resumes every passing state where it was.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { createServer } from 'node:http';
import type { CloudSandboxOptions, RunningCloudSandbox, SandboxCore } from '../core/contracts';
import { listenHttp } from '../core/http-listener';
import type { Ec2Context, Ec2Region } from './ec2.context';
import { Ec2Model, newId, type Ec2State, type SubnetRecord, type VpcRecord } from './ec2.model';
import { ec2RequestHandler } from './ec2.server';
import { InstanceLifecycle } from './instance.lifecycle';
import { VolumeLifecycle } from './volume.lifecycle';

const DEFAULT_REGION = 'us-east-1';
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function zonesOf(region: string, zone: string | undefined): string[] {
  const zones = ['a', 'b', 'c'].map((letter) => `${region}${letter}`);
  return zone === undefined ? zones : [zone, ...zones.filter((z) => z !== zone)];
}

/** A fresh account: its own access key, a default VPC (172.31.0.0/16) and a default /20 subnet per zone. */
function freshState(zones: readonly string[]): Ec2State {
  const vpc: VpcRecord = { id: newId('vpc'), cidr: '172.31.0.0/16', isDefault: true };
  const subnets = zones.map((zone, i): SubnetRecord => ({
    id: newId('subnet'),
    vpcId: vpc.id,
    cidr: `172.31.${i * 16}.0/20`,
    zone,
    defaultForAz: true,
  }));
  return {
    version: 1,
    accessKeyId: `AKIA${Array.from({ length: 16 }, () => KEY_ALPHABET[randomInt(KEY_ALPHABET.length)]).join('')}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    ownerId: String(randomInt(100000, 999999)) + String(randomInt(100000, 999999)),
    instances: {},
    volumes: {},
    vpcs: { [vpc.id]: vpc },
    subnets: Object.fromEntries(subnets.map((s) => [s.id, s])),
    keyPairs: {},
    tags: {},
  };
}

export async function startSandbox(options: CloudSandboxOptions, core: SandboxCore): Promise<RunningCloudSandbox> {
  const regionName = options.region ?? DEFAULT_REGION;
  const zones = zonesOf(regionName, options.zone);
  const store = core.state<Ec2State>();
  const model = new Ec2Model(store.load() ?? freshState(zones), store);
  const accessKeyId = options.accessKeyId ?? model.state.accessKeyId;
  const secretAccessKey = options.secretAccessKey ?? model.state.secretAccessKey;
  const server = createServer();
  const { endpointHost, close } = await listenHttp(server, options.host, options.port);
  const region: Ec2Region = { name: regionName, zones, endpointHost };
  const ctx: Ec2Context = {
    core,
    model,
    region,
    instances: new InstanceLifecycle(core, model),
    volumes: new VolumeLifecycle(core, model),
  };
  server.on('request', ec2RequestHandler({ ctx, faults: core.faults, accessKeyId, secretAccessKey, log: options.log }));
  for (const instance of Object.values(model.state.instances)) ctx.instances.settle(instance);
  for (const volume of Object.values(model.state.volumes)) ctx.volumes.settle(volume);
  model.save();
  const subnet = model.defaultSubnet(zones[0]);
  return {
    info: {
      provider: 'aws',
      endpoint: `http://${endpointHost}`,
      accessKeyId,
      secretAccessKey,
      region: regionName,
      zone: zones[0],
      vpcId: subnet.vpcId,
      subnetId: subnet.id,
    },
    faults: core.faults,
    stop: async () => {
      await close();
      await store.flush();
    },
  };
}
