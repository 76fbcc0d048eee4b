/**
 * Instance actions: RunInstances, DescribeInstances, Start/Stop/TerminateInstances and
 * ModifyInstanceAttribute (instance type, only while stopped, as in EC2).
 */
import type { Ec2Action, Ec2Context } from './ec2.context';
import { Ec2Fault, notFound } from './ec2.errors';
import type { InstanceRecord } from './ec2.model';
import { applyFilters, page, type FilterFields } from './filters';
import { nextState, type InstanceRequest } from './instance.lifecycle';
import { launchInstances } from './instance.launch';
import type { QueryParams } from './query.parser';
import { instanceState, reservation } from './resources.xml';
import { itemSet, leaf } from './xml.writer';

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

function findInstance(ctx: Ec2Context, id: string): InstanceRecord {
  if (!INSTANCE_ID.test(id)) throw new Ec2Fault('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
  const instance = ctx.model.state.instances[id];
  if (!instance) throw notFound.instance(id);
  return instance;
}

function requiredIds(params: QueryParams): string[] {
  const ids = params.list('InstanceId');
  if (ids.length === 0) throw new Ec2Fault('MissingParameter', 'The request must contain the parameter InstanceId');
  return ids;
}

const INSTANCE_FILTERS: FilterFields<InstanceRecord> = {
  'instance-id': (i) => i.id,
  'instance-state-name': (i) => i.state,
  'instance-type': (i) => i.instanceType,
  'image-id': (i) => i.imageId,
  'key-name': (i) => i.keyName,
  'client-token': (i) => i.clientToken,
  'subnet-id': (i) => i.subnetId,
  'vpc-id': (i) => i.vpcId,
  'availability-zone': (i) => i.zone,
  'private-ip-address': (i) => i.privateIp,
  'reservation-id': (i) => i.reservationId,
};

/** Instances grouped into their reservations, in the order given. */
function reservationSet(ctx: Ec2Context, instances: readonly InstanceRecord[]) {
  const groups = new Map<string, InstanceRecord[]>();
  for (const i of instances) groups.set(i.reservationId, [...(groups.get(i.reservationId) ?? []), i]);
  return itemSet('reservationSet', [...groups], ([id, members]) =>
    reservation(ctx.model, id, members, ctx.region.name),
  );
}

const describeInstances: Ec2Action = (params, ctx) => {
  const ids = params.list('InstanceId');
  const maxResults = params.int('MaxResults', { min: 5, max: 1000 });
  if (ids.length > 0 && maxResults !== undefined)
    throw new Ec2Fault(
      'InvalidParameterCombination',
      'The parameter instancesSet cannot be used with the parameter maxResults',
    );
  const candidates = ids.length > 0 ? ids.map((id) => findInstance(ctx, id)) : Object.values(ctx.model.state.instances);
  const matched = applyFilters(candidates, params.filters(), INSTANCE_FILTERS, (i) => ctx.model.tagsOf(i.id));
  const { items, nextToken } = page(matched, maxResults, params.get('NextToken'));
  return [reservationSet(ctx, items), leaf('nextToken', nextToken)];
};

/** Start, stop or terminate: every id must exist and allow the request before any instance changes. */
function changeStates(request: InstanceRequest): Ec2Action {
  return (params, ctx) => {
    const instances = requiredIds(params).map((id) => findInstance(ctx, id));
    for (const i of instances) nextState(i, request);
    const changes = instances.map((i) => {
      const previous = i.state;
      ctx.instances.apply(i, request);
      return { id: i.id, previous, current: i.state };
    });
    ctx.model.save();
    return [
      itemSet('instancesSet', changes, (c) => [
        leaf('instanceId', c.id),
        instanceState('currentState', c.current),
        instanceState('previousState', c.previous),
      ]),
    ];
  };
}

/** Only the instance type is modelled; EC2 changes it only on a stopped instance. */
const modifyInstanceAttribute: Ec2Action = (params, ctx) => {
  const instance = findInstance(ctx, params.required('InstanceId'));
  const legacy = params.get('Attribute');
  if (legacy !== undefined && legacy !== 'instanceType')
    throw new Ec2Fault('Unsupported', `The attribute '${legacy}' is not modelled by this EC2 sandbox.`);
  const type = params.get('InstanceType.Value') ?? (legacy ? params.get('Value') : undefined);
  if (type === undefined) throw new Ec2Fault('InvalidParameterCombination', 'No attributes specified.');
  if (type === '') throw new Ec2Fault('InvalidParameterValue', 'Value () for parameter instanceType is invalid.');
  if (instance.state !== 'stopped')
    throw new Ec2Fault('IncorrectInstanceState', `The instance '${instance.id}' is not in the 'stopped' state.`);
  instance.instanceType = type;
  ctx.model.save();
  return [leaf('return', true)];
};

const runInstances: Ec2Action = (params, ctx) => {
  const instances = launchInstances(params, ctx);
  return reservation(ctx.model, instances[0].reservationId, instances, ctx.region.name);
};

export const INSTANCE_ACTIONS: Readonly<Record<string, Ec2Action>> = {
  RunInstances: runInstances,
  DescribeInstances: describeInstances,
  StartInstances: changeStates('start'),
  StopInstances: changeStates('stop'),
  TerminateInstances: changeStates('terminate'),
  ModifyInstanceAttribute: modifyInstanceAttribute,
};
