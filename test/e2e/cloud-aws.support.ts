/**
 * Helpers for the EC2 sandbox suites: a sandbox on the real core (real sshd per VM), real
 * @aws-sdk/client-ec2 clients pointed at it, and a wire recorder that keeps the raw
 * HTTP answers the SDK received (to check EC2's XML as sent, before the SDK parses it).
 */
import { DescribeInstancesCommand, EC2Client, type EC2ClientConfig, type Instance } from '@aws-sdk/client-ec2';
import { Readable } from 'node:stream';
import { startCloudSandbox } from '@marina/cloud-sandbox';
import type { CloudSandboxInfo, CloudSandboxOptions, RunningCloudSandbox } from '@marina/cloud-sandbox';
import { waitFor } from '../support/wait-for';

export function startEc2Sandbox(options: CloudSandboxOptions = {}): Promise<RunningCloudSandbox> {
  return startCloudSandbox('aws', { bootDelayMs: 300, ...options });
}

/** A real EC2 client for the sandbox; SDK retries off unless a test asks for them. */
export function ec2Client(info: CloudSandboxInfo, overrides: Partial<EC2ClientConfig> = {}): EC2Client {
  return new EC2Client({
    endpoint: info.endpoint,
    region: info.region,
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
    maxAttempts: 1,
    ...overrides,
  });
}

export interface SdkFailure {
  readonly name: string;
  readonly status?: number;
  readonly message: string;
  readonly code?: string;
}

/** The error a call ends with (fails the test when the call succeeds). */
export async function failureOf(call: Promise<unknown>): Promise<SdkFailure> {
  try {
    await call;
  } catch (err) {
    const e = err as Error & { code?: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message, code: e.code };
  }
  throw new Error('expected the call to fail');
}

export interface WireAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Records every raw HTTP answer the client receives (the SDK still parses the same bytes). */
export function recordWire(client: EC2Client): WireAnswer[] {
  const answers: WireAnswer[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode: number; headers: Record<string, string>; body: Readable };
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Buffer));
      const body = Buffer.concat(chunks);
      answers.push({ status: response.statusCode, headers: response.headers, body: body.toString('utf8') });
      response.body = Readable.from([body]);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'recordWire' },
  );
  return answers;
}

export async function describeInstance(client: EC2Client, id: string): Promise<Instance> {
  const out = await client.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  const instance = out.Reservations?.[0]?.Instances?.[0];
  if (!instance) throw new Error(`instance ${id} not described`);
  return instance;
}

/**
 * Waits (deadline-bounded) until the instance reaches `state`; a VM is running once its sshd
 * listens, which takes longer on a loaded machine.
 */
export function instanceReaches(client: EC2Client, id: string, state: string, timeoutMs = 45_000): Promise<Instance> {
  return waitFor(
    `${id} ${state}`,
    async () => {
      const instance = await describeInstance(client, id);
      return instance.State?.Name === state ? instance : undefined;
    },
    timeoutMs,
  );
}
