/**
 * The EC2 Query endpoint: every request is authenticated with SigV4 (service `ec2`, the sandbox's
 * region), then its `Action` runs, subject to injected faults, and the answer is EC2's XML document
 * or EC2's XML error with its HTTP status. A `drop-response` fault lets the action take effect and
 * then destroys the connection before any byte of the response is written.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../core/contracts';
import type { Ec2Action, Ec2Context } from './ec2.context';
import { Ec2Fault, ec2Faults } from './ec2.errors';
import { IMAGE_ACTIONS } from './images.actions';
import { INSTANCE_ACTIONS } from './instances.actions';
import { KEY_PAIR_ACTIONS } from './keypairs.actions';
import { NETWORK_ACTIONS } from './network.actions';
import { QueryParams } from './query.parser';
import { verifySigV4, type WireRequest } from './sigv4.verifier';
import { TAG_ACTIONS } from './tags.actions';
import { VOLUME_ACTIONS } from './volumes.actions';
import { actionResponse, errorResponse } from './xml.writer';

const MAX_BODY_BYTES = 1024 * 1024;

/** Every action the sandbox implements; any other `Action` is EC2's InvalidAction. */
export const EC2_ACTIONS: Readonly<Record<string, Ec2Action>> = {
  ...NETWORK_ACTIONS,
  ...INSTANCE_ACTIONS,
  ...VOLUME_ACTIONS,
  ...KEY_PAIR_ACTIONS,
  ...TAG_ACTIONS,
  ...IMAGE_ACTIONS,
};

export interface Ec2Endpoint {
  readonly ctx: Ec2Context;
  readonly faults: FaultInjector;
  /** The one key pair the sandbox accepts. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly log?: (line: string) => void;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(new Ec2Fault('InvalidParameterValue', 'The request body is too large.'))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

function headerPairs(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
}

function send(res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/xml;charset=UTF-8',
    'Content-Length': Buffer.byteLength(xml),
    'x-amzn-RequestId': requestId,
  });
  res.end(xml);
}

/** Authenticates, applies action faults, runs the action; resolves with what to do with the response. */
async function run(
  endpoint: Ec2Endpoint,
  wire: WireRequest,
  requestId: string,
): Promise<{ xml: string; drop: boolean }> {
  verifySigV4(wire, {
    region: endpoint.ctx.region.name,
    service: 'ec2',
    secretOf: (id) => (id === endpoint.accessKeyId ? endpoint.secretAccessKey : undefined),
  });
  const params = QueryParams.parse(wire.method === 'POST' ? wire.body.toString('utf8') : wire.query);
  const action = params.get('Action');
  if (!action) throw new Ec2Fault('MissingAction', 'The request must contain the parameter Action');
  const handler = Object.hasOwn(EC2_ACTIONS, action) ? EC2_ACTIONS[action] : undefined;
  if (!handler) throw new Ec2Fault('InvalidAction', `The action ${action} is not valid for this web service.`);
  const fault = endpoint.faults.take(action);
  if (fault?.kind === 'fail-once') throw new Ec2Fault(fault.code ?? 'InternalError', `Injected failure of ${action}.`);
  if (fault?.kind === 'throttle') throw ec2Faults.throttled();
  if (params.bool('DryRun'))
    throw new Ec2Fault('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');
  const children = await handler(params, endpoint.ctx);
  return { xml: actionResponse(action, requestId, children), drop: fault?.kind === 'drop-response' };
}

export function ec2RequestHandler(endpoint: Ec2Endpoint): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://sandbox');
    readBody(req)
      .then((body) =>
        run(
          endpoint,
          {
            method: req.method ?? 'GET',
            path: url.pathname,
            query: url.search.slice(1),
            headers: headerPairs(req.rawHeaders),
            body,
          },
          requestId,
        ),
      )
      .then(({ xml, drop }) => {
        if (drop) req.socket.destroy();
        else send(res, 200, xml, requestId);
      })
      .catch((err: unknown) => {
        if (err instanceof Ec2Fault)
          return send(res, err.status, errorResponse(err.code, err.message, requestId), requestId);
        endpoint.log?.(`EC2 sandbox request ${requestId} failed: ${(err as Error).stack ?? String(err)}`);
        send(res, 500, errorResponse('InternalError', 'An internal error has occurred', requestId), requestId);
      });
  };
}
