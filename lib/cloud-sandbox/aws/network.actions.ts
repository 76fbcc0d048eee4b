/**
 * Region, zone and network actions: DescribeRegions, DescribeAvailabilityZones, DescribeVpcs,
 * CreateVpc, DescribeSubnets, CreateSubnet. The sandbox serves one region; its default VPC
 * (172.31.0.0/16) has one default subnet per zone, as an AWS account's default VPC has.
 */
import { parseCidr, cidrContains, cidrOverlaps } from './cidr';
import type { Ec2Action, Ec2Context } from './ec2.context';
import { Ec2Fault, ec2Faults, notFound } from './ec2.errors';
import { newId, type SubnetRecord, type VpcRecord } from './ec2.model';
import { applyFilters, type FilterFields } from './filters';
import { subnetFields, vpcFields } from './resources.xml';
import { itemSet, leaf, node } from './xml.writer';

const describeRegions: Ec2Action = (params, ctx) => {
  const wanted = params.list('RegionName');
  const unknown = wanted.find((name) => name !== ctx.region.name);
  if (unknown !== undefined) throw new Ec2Fault('InvalidParameterValue', `Invalid region: ${unknown}`);
  return [
    itemSet('regionInfo', [ctx.region], (r) => [
      leaf('regionName', r.name),
      leaf('regionEndpoint', r.endpointHost),
      leaf('optInStatus', 'opt-in-not-required'),
    ]),
  ];
};

const describeAvailabilityZones: Ec2Action = (params, ctx) => {
  const wanted = params.list('ZoneName');
  const unknown = wanted.find((zone) => !ctx.region.zones.includes(zone));
  if (unknown !== undefined) throw new Ec2Fault('InvalidParameterValue', `The zone '${unknown}' does not exist.`);
  const zones = wanted.length ? wanted : ctx.region.zones;
  return [
    itemSet('availabilityZoneInfo', zones, (zone) => [
      leaf('zoneName', zone),
      leaf('zoneState', 'available'),
      leaf('regionName', ctx.region.name),
      leaf('zoneId', `${ctx.region.name.replace(/-/g, '').slice(0, 4)}-az${ctx.region.zones.indexOf(zone) + 1}`),
      leaf('zoneType', 'availability-zone'),
      leaf('optInStatus', 'opt-in-not-required'),
      leaf('groupName', ctx.region.name),
      leaf('networkBorderGroup', ctx.region.name),
      node('messageSet'),
    ]),
  ];
};

const VPC_FILTERS: FilterFields<VpcRecord> = {
  'vpc-id': (v) => v.id,
  'cidr-block': (v) => v.cidr,
  'is-default': (v) => String(v.isDefault),
  state: () => 'available',
};

function findVpc(ctx: Ec2Context, id: string): VpcRecord {
  const vpc = ctx.model.state.vpcs[id];
  if (!vpc) throw notFound.vpc(id);
  return vpc;
}

const describeVpcs: Ec2Action = (params, ctx) => {
  const ids = params.list('VpcId');
  const candidates = ids.length ? ids.map((id) => findVpc(ctx, id)) : Object.values(ctx.model.state.vpcs);
  const vpcs = applyFilters(candidates, params.filters(), VPC_FILTERS, (v) => ctx.model.tagsOf(v.id));
  return [itemSet('vpcSet', vpcs, (v) => vpcFields(ctx.model, v))];
};

const createVpc: Ec2Action = (params, ctx) => {
  const text = params.required('CidrBlock');
  const cidr = parseCidr(text);
  if (!cidr) throw ec2Faults.invalidValue('cidrBlock', text, 'This is not a valid CIDR block.');
  if (cidr.prefix < 16 || cidr.prefix > 28) throw new Ec2Fault('InvalidVpc.Range', `The CIDR '${text}' is invalid.`);
  const vpc: VpcRecord = { id: newId('vpc'), cidr: text, isDefault: false };
  ctx.model.state.vpcs[vpc.id] = vpc;
  ctx.model.setTags(vpc.id, params.tagsFor('vpc'));
  ctx.model.save();
  return [node('vpc', ...vpcFields(ctx.model, vpc))];
};

const SUBNET_FILTERS: FilterFields<SubnetRecord> = {
  'subnet-id': (s) => s.id,
  'vpc-id': (s) => s.vpcId,
  'cidr-block': (s) => s.cidr,
  'availability-zone': (s) => s.zone,
  'default-for-az': (s) => String(s.defaultForAz),
  state: () => 'available',
};

const describeSubnets: Ec2Action = (params, ctx) => {
  const ids = params.list('SubnetId');
  const candidates = ids.map((id) => {
    const subnet = ctx.model.state.subnets[id];
    if (!subnet) throw notFound.subnet(id);
    return subnet;
  });
  const subnets = applyFilters(
    ids.length ? candidates : Object.values(ctx.model.state.subnets),
    params.filters(),
    SUBNET_FILTERS,
    (s) => ctx.model.tagsOf(s.id),
  );
  return [itemSet('subnetSet', subnets, (s) => subnetFields(ctx.model, s, ctx.region.name))];
};

function checkSubnetRange(ctx: Ec2Context, vpc: VpcRecord, text: string): void {
  const cidr = parseCidr(text);
  if (!cidr) throw ec2Faults.invalidValue('cidrBlock', text, 'This is not a valid CIDR block.');
  if (cidr.prefix > 28 || !cidrContains(parseCidr(vpc.cidr)!, cidr))
    throw new Ec2Fault('InvalidSubnet.Range', `The CIDR '${text}' is invalid.`);
  const clash = Object.values(ctx.model.state.subnets).some(
    (s) => s.vpcId === vpc.id && cidrOverlaps(parseCidr(s.cidr)!, cidr),
  );
  if (clash) throw new Ec2Fault('InvalidSubnet.Conflict', `The CIDR '${text}' conflicts with another subnet`);
}

const createSubnet: Ec2Action = (params, ctx) => {
  const vpc = findVpc(ctx, params.required('VpcId'));
  const text = params.required('CidrBlock');
  const zone = params.get('AvailabilityZone') ?? ctx.region.zones[0];
  if (!ctx.region.zones.includes(zone)) throw ec2Faults.invalidValue('availabilityZone', zone);
  checkSubnetRange(ctx, vpc, text);
  const subnet: SubnetRecord = { id: newId('subnet'), vpcId: vpc.id, cidr: text, zone, defaultForAz: false };
  ctx.model.state.subnets[subnet.id] = subnet;
  ctx.model.setTags(subnet.id, params.tagsFor('subnet'));
  ctx.model.save();
  return [node('subnet', ...subnetFields(ctx.model, subnet, ctx.region.name))];
};

export const NETWORK_ACTIONS: Readonly<Record<string, Ec2Action>> = {
  DescribeRegions: describeRegions,
  DescribeAvailabilityZones: describeAvailabilityZones,
  DescribeVpcs: describeVpcs,
  CreateVpc: createVpc,
  DescribeSubnets: describeSubnets,
  CreateSubnet: createSubnet,
};
