/**
 * The EC2 sandbox's wire protocol, driven only through @aws-sdk/client-ec2: SigV4 checks, EC2's
 * XML answers and errors, instances (client tokens, quotas, filters, state machine) and injected
 * faults. The sandbox runs on the real core, so running instances are real sshd hosts.
 */
import {
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import type { RunningCloudSandbox } from '@marina/cloud-sandbox';
import { waitFor } from '../support/wait-for';
import { launchKey } from '../support/cloud';
import {
  describeInstance,
  ec2Client,
  failureOf,
  instanceReaches,
  recordWire,
  startEc2Sandbox,
  type WireAnswer,
} from './cloud-aws.support';

/** Real sshd boots and SDK round trips: a loaded machine needs more than jest's default 5 s. */
jest.setTimeout(60_000);

const run = (input: Partial<RunInstancesCommandInput> = {}) =>
  new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, ...input });

describe('EC2 sandbox: authentication and EC2 error documents', () => {
  let sandbox: RunningCloudSandbox;
  let ec2: EC2Client;
  let wire: WireAnswer[];
  beforeAll(async () => {
    sandbox = await startEc2Sandbox();
    ec2 = ec2Client(sandbox.info);
    wire = recordWire(ec2);
  });
  afterAll(() => sandbox.stop());

  it('answers in the 2016-11-15 namespace with a request id in body, header and SDK metadata', async () => {
    const out = await ec2.send(new DescribeRegionsCommand({}));
    expect(out.Regions?.map((r) => r.RegionName)).toEqual([sandbox.info.region]);
    const answer = wire[wire.length - 1];
    expect(answer.body).toContain('<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">');
    const requestId = /<requestId>([0-9a-f-]{36})<\/requestId>/.exec(answer.body)?.[1];
    expect(requestId).toBeDefined();
    expect(out.$metadata.requestId).toBe(requestId);
  });

  it('a wrong secret is AuthFailure (401) in EC2’s <Response><Errors> document', async () => {
    const bad = ec2Client({ ...sandbox.info, secretAccessKey: 'not-the-secret' });
    const badWire = recordWire(bad);
    const failure = await failureOf(bad.send(new DescribeRegionsCommand({})));
    expect(failure).toMatchObject({
      name: 'AuthFailure',
      status: 401,
      message: 'AWS was not able to validate the provided access credentials',
    });
    expect(badWire[0].body).toMatch(
      /^<\?xml[^>]*>\s*<Response><Errors><Error><Code>AuthFailure<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/,
    );
  });

  it('an unknown access key id is the same AuthFailure', async () => {
    const failure = await failureOf(
      ec2Client({ ...sandbox.info, accessKeyId: 'AKIAUNKNOWNKEY000000' }).send(new DescribeRegionsCommand({})),
    );
    expect(failure).toMatchObject({ name: 'AuthFailure', status: 401 });
  });

  it('a request signed for another region names the region', async () => {
    const failure = await failureOf(
      ec2Client({ ...sandbox.info, region: 'eu-west-3' }).send(new DescribeRegionsCommand({})),
    );
    expect(failure).toMatchObject({
      name: 'AuthFailure',
      status: 401,
      message: "Credential should be scoped to a valid region, not 'eu-west-3'.",
    });
  });

  it('a clock an hour behind is RequestExpired; the SDK then takes the time from the Date header', async () => {
    const skewed = ec2Client(sandbox.info, { systemClockOffset: -3_600_000 });
    expect(await failureOf(skewed.send(new DescribeRegionsCommand({})))).toMatchObject({
      name: 'RequestExpired',
      status: 400,
    });
    expect((await skewed.send(new DescribeRegionsCommand({}))).Regions).toHaveLength(1);
  });

  it('an action EC2 does not have is InvalidAction; a missing parameter is MissingParameter', async () => {
    const client = ec2Client(sandbox.info);
    client.middlewareStack.add(
      (next) => (args) => {
        const request = args.request as { body: string; headers: Record<string, string> };
        request.body = 'Action=FrobnicateInstances&Version=2016-11-15';
        request.headers['content-length'] = String(request.body.length);
        return next(args);
      },
      { step: 'build', name: 'renameAction' },
    );
    expect(await failureOf(client.send(new DescribeRegionsCommand({})))).toMatchObject({
      name: 'InvalidAction',
      status: 400,
    });
    expect(
      await failureOf(ec2.send(new RunInstancesCommand({ ImageId: 'ami-1', MaxCount: 1 } as RunInstancesCommandInput))),
    ).toMatchObject({
      name: 'MissingParameter',
      message: 'The request must contain the parameter MinCount',
    });
  });

  it('DryRun answers DryRunOperation (412) and changes nothing', async () => {
    expect(await failureOf(ec2.send(run({ DryRun: true })))).toMatchObject({ name: 'DryRunOperation', status: 412 });
    const out = await ec2.send(new DescribeInstancesCommand({}));
    expect(out.Reservations).toEqual([]);
  });
});

describe('EC2 sandbox: instances', () => {
  let sandbox: RunningCloudSandbox;
  let ec2: EC2Client;
  beforeAll(async () => {
    sandbox = await startEc2Sandbox({ quotas: { maxInstances: 4 }, bootDelayMs: 200 });
    ec2 = ec2Client(sandbox.info);
  });
  afterAll(() => sandbox.stop());

  it('a client token returns the first reservation; other parameters with it are IdempotentParameterMismatch', async () => {
    const first = await ec2.send(
      run({
        ClientToken: 'token-a',
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'a' }] }],
      }),
    );
    const again = await ec2.send(
      run({
        ClientToken: 'token-a',
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'a' }] }],
      }),
    );
    expect(again.ReservationId).toBe(first.ReservationId);
    expect(again.Instances?.map((i) => i.InstanceId)).toEqual(first.Instances?.map((i) => i.InstanceId));
    expect(await failureOf(ec2.send(run({ ClientToken: 'token-a', InstanceType: 't3.large' })))).toMatchObject({
      name: 'IdempotentParameterMismatch',
      status: 400,
    });
    const byToken = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'client-token', Values: ['token-a'] }] }),
    );
    expect(byToken.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId)).toEqual(
      first.Instances?.map((i) => i.InstanceId),
    );
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [first.Instances![0].InstanceId!] }));
  });

  it('pending → running after the boot delay, with a 127.x private address; stop, resize, start, terminate', async () => {
    const key = launchKey();
    const userData = Buffer.from(`#cloud-config\nssh_authorized_keys:\n  - ${key.publicKey}\n`).toString('base64');
    const launched = await ec2.send(run({ UserData: userData, InstanceType: 't3.micro' }));
    const id = launched.Instances![0].InstanceId!;
    expect(launched.Instances![0].State).toEqual({ Code: 0, Name: 'pending' });
    const running = await instanceReaches(ec2, id, 'running');
    expect(running.PrivateIpAddress).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(running.State?.Code).toBe(16);
    expect(
      await failureOf(
        ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: 't3.small' } })),
      ),
    ).toMatchObject({ name: 'IncorrectInstanceState' });
    const stopping = await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    expect(stopping.StoppingInstances?.[0]).toMatchObject({
      InstanceId: id,
      PreviousState: { Name: 'running' },
      CurrentState: { Name: 'stopping', Code: 64 },
    });
    await instanceReaches(ec2, id, 'stopped');
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: 't3.small' } }));
    expect((await describeInstance(ec2, id)).InstanceType).toBe('t3.small');
    await ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    expect((await instanceReaches(ec2, id, 'running')).PrivateIpAddress).toBe(running.PrivateIpAddress);
    const terminating = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(terminating.TerminatingInstances?.[0].CurrentState?.Name).toBe('shutting-down');
    await instanceReaches(ec2, id, 'terminated');
    expect(await failureOf(ec2.send(new StartInstancesCommand({ InstanceIds: [id] })))).toMatchObject({
      name: 'IncorrectInstanceState',
    });
  });

  it('MaxCount is honoured within the quota; beyond MinCount it is InstanceLimitExceeded', async () => {
    const out = await ec2.send(run({ MinCount: 1, MaxCount: 9 }));
    expect(out.Instances).toHaveLength(4);
    expect(out.Instances?.map((i) => i.AmiLaunchIndex)).toEqual([0, 1, 2, 3]);
    expect(await failureOf(ec2.send(run()))).toMatchObject({ name: 'InstanceLimitExceeded', status: 400 });
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: out.Instances!.map((i) => i.InstanceId!) }));
    await waitFor('quota freed', async () => (await ec2.send(run({ ClientToken: 'after-quota' }))).Instances?.[0]);
  });

  it('filters by tag, tag key and state; unknown filters, ids and images are EC2’s errors', async () => {
    const out = await ec2.send(
      run({ TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'marina:task', Value: 'task-7' }] }] }),
    );
    const id = out.Instances![0].InstanceId!;
    const ids = async (filters: { Name: string; Values: string[] }[]) =>
      (await ec2.send(new DescribeInstancesCommand({ Filters: filters }))).Reservations?.flatMap(
        (r) => r.Instances ?? [],
      ).map((i) => i.InstanceId);
    expect(await ids([{ Name: 'tag:marina:task', Values: ['task-7'] }])).toEqual([id]);
    expect(await ids([{ Name: 'tag-key', Values: ['marina:task'] }])).toEqual([id]);
    expect(
      await ids([
        { Name: 'tag:marina:task', Values: ['task-*'] },
        { Name: 'instance-state-name', Values: ['stopped'] },
      ]),
    ).toEqual([]);
    expect(await failureOf(ids([{ Name: 'no-such-filter', Values: ['x'] }]))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    expect(
      await failureOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0000000000000000f'] }))),
    ).toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    expect(await failureOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['not-an-id'] })))).toMatchObject({
      name: 'InvalidInstanceID.Malformed',
    });
    expect(await failureOf(ec2.send(run({ KeyName: 'missing-key' })))).toMatchObject({
      name: 'InvalidKeyPair.NotFound',
    });
    expect(await failureOf(ec2.send(run({ SubnetId: 'subnet-0000000000000000f' })))).toMatchObject({
      name: 'InvalidSubnetID.NotFound',
    });
  });
});

describe('EC2 sandbox: injected faults', () => {
  let sandbox: RunningCloudSandbox;
  let ec2: EC2Client;
  beforeAll(async () => {
    sandbox = await startEc2Sandbox({ images: ['ami-11111111'] });
    ec2 = ec2Client(sandbox.info);
  });
  afterAll(() => sandbox.stop());

  it('a fixed image list refuses other images with InvalidAMIID.NotFound', async () => {
    expect(await failureOf(ec2.send(run({ ImageId: 'ami-22222222' })))).toMatchObject({
      name: 'InvalidAMIID.NotFound',
    });
  });

  it('fail-once answers the injected code once (UnauthorizedOperation is 403)', async () => {
    sandbox.faults.add({ kind: 'fail-once', action: 'DescribeRegions', code: 'UnauthorizedOperation' });
    expect(await failureOf(ec2.send(new DescribeRegionsCommand({})))).toMatchObject({
      name: 'UnauthorizedOperation',
      status: 403,
    });
    expect((await ec2.send(new DescribeRegionsCommand({}))).Regions).toHaveLength(1);
  });

  it('a throttle is RequestLimitExceeded (503), which the SDK’s own retry strategy retries', async () => {
    sandbox.faults.add({ kind: 'throttle', action: 'DescribeRegions', times: 1 });
    expect(await failureOf(ec2.send(new DescribeRegionsCommand({})))).toMatchObject({
      name: 'RequestLimitExceeded',
      status: 503,
    });
    sandbox.faults.add({ kind: 'throttle', action: 'DescribeRegions', times: 2 });
    const out = await ec2Client(sandbox.info, { maxAttempts: 3 }).send(new DescribeRegionsCommand({}));
    expect(out.$metadata.attempts).toBe(3);
  });

  it('drop-response: the instance is launched but the connection closes before any answer', async () => {
    sandbox.faults.add({ kind: 'drop-response', action: 'RunInstances' });
    const failure = await failureOf(ec2.send(run({ ImageId: 'ami-11111111', ClientToken: 'dropped' })));
    expect(failure.status).toBeUndefined();
    expect(failure.code ?? failure.message).toMatch(/ECONNRESET|socket hang up/);
    const found = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'client-token', Values: ['dropped'] }] }),
    );
    const instances = found.Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
    expect(instances).toHaveLength(1);
    await instanceReaches(ec2, instances[0].InstanceId!, 'running');
  });

  it('stuck-pending keeps an instance pending while a later one boots', async () => {
    sandbox.faults.add({ kind: 'stuck-pending' });
    const stuck = (await ec2.send(run({ ImageId: 'ami-11111111' }))).Instances![0].InstanceId!;
    await instanceReaches(ec2, stuck, 'pending');
    const later = (await ec2.send(run({ ImageId: 'ami-11111111' }))).Instances![0].InstanceId!;
    await instanceReaches(ec2, later, 'running');
    expect((await describeInstance(ec2, stuck)).State?.Name).toBe('pending');
  });
});
