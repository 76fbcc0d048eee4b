import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SandboxCore } from '../core/contracts';
import {
  describeImages,
  describeKeyPairs,
  describeRegions,
  describeVSwitches,
  describeVpcs,
  describeZones,
  deleteKeyPairs,
  importKeyPair,
} from './account.actions';
import { attachDisk, createDisk, deleteDisk, describeDisks, detachDisk, resizeDisk } from './disk.actions';
import type { EcsAction, EcsContext } from './ecs.action';
import { EcsAuthenticator, type EcsCredential } from './ecs-auth';
import { EcsApiError, ecsError } from './ecs.errors';
import type { EcsLifecycle } from './ecs.lifecycle';
import type { EcsStore } from './ecs.state';
import * as instances from './instance.actions';
import { runInstances } from './run-instances.action';
import { RpcParams } from './rpc-params';
import { listTagResources, tagResources } from './tag.actions';

const API_VERSION = '2014-05-26';
const MAX_BODY = 1 << 20;

const ACTIONS: Readonly<Record<string, EcsAction>> = {
  DescribeRegions: describeRegions,
  DescribeZones: describeZones,
  RunInstances: runInstances,
  DescribeInstances: instances.describeInstances,
  StartInstance: instances.startInstance,
  StartInstances: instances.startInstances,
  StopInstance: instances.stopInstance,
  StopInstances: instances.stopInstances,
  DeleteInstance: instances.deleteInstance,
  DeleteInstances: instances.deleteInstances,
  ModifyInstanceSpec: instances.modifyInstanceSpec,
  CreateDisk: createDisk,
  DescribeDisks: describeDisks,
  AttachDisk: attachDisk,
  DetachDisk: detachDisk,
  DeleteDisk: deleteDisk,
  ResizeDisk: resizeDisk,
  DescribeVpcs: describeVpcs,
  DescribeVSwitches: describeVSwitches,
  ImportKeyPair: importKeyPair,
  DescribeKeyPairs: describeKeyPairs,
  DeleteKeyPairs: deleteKeyPairs,
  DescribeImages: describeImages,
  TagResources: tagResources,
  ListTagResources: listTagResources,
};

export interface EcsServerParts {
  readonly store: EcsStore;
  readonly lifecycle: EcsLifecycle;
  readonly core: SandboxCore;
  readonly credential: EcsCredential;
  readonly log?: (line: string) => void;
}

/**
 * The ECS RPC endpoint (API version 2014-05-26) as `@alicloud/ecs20140526` calls it: the action in
 * `x-acs-action`, parameters in the query (and a form body, if any), an ACS3-HMAC-SHA256
 * Authorization header; JSON answers with RequestId, JSON errors with the cloud's status.
 * Injected faults apply after authentication: fail-once (the given code, InternalError by default),
 * throttle (Throttling.User), drop-response (the action takes effect, then the connection is reset).
 */
export function createEcsServer(parts: EcsServerParts): Server {
  const auth = new EcsAuthenticator(parts.credential);
  return createServer((req, res) => {
    void handle(parts, auth, req, res).catch((err: unknown) => {
      parts.log?.(`ecs: unexpected failure: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent)
        send(res, req, 500, {
          Code: 'InternalError',
          Message: 'The request processing has failed due to some unknown error.',
        });
    });
  });
}

async function handle(
  parts: EcsServerParts,
  auth: EcsAuthenticator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
  );
  const query = Object.fromEntries(url.searchParams);
  try {
    const body = await readBody(req);
    auth.check({ method: req.method ?? 'GET', path: url.pathname, query, headers }, body);
    const action = headers['x-acs-action'] ?? '';
    if (headers['x-acs-version'] !== API_VERSION) throw ecsError('InvalidVersion');
    const handler = ACTIONS[action];
    if (!handler) throw ecsError('InvalidAction.NotFound');
    const form = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(body.toString('utf8')))
      : {};
    const fault = parts.core.faults.take(action);
    if (fault?.kind === 'fail-once') throw new EcsApiError(fault.code ?? 'InternalError');
    if (fault?.kind === 'throttle') throw ecsError('Throttling.User');
    const ctx: EcsContext = {
      params: new RpcParams({ ...form, ...query }),
      store: parts.store,
      lifecycle: parts.lifecycle,
      core: parts.core,
      endpointHost: headers.host ?? '',
    };
    const result = await handler(ctx);
    if (fault?.kind === 'drop-response') {
      parts.log?.(`ecs: ${action} done, response dropped (injected fault)`);
      req.socket.destroy();
      return;
    }
    send(res, req, 200, result);
  } catch (err) {
    if (!(err instanceof EcsApiError)) throw err;
    send(res, req, err.status, { Code: err.code, Message: err.message }, true);
  }
}

function send(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  body: Record<string, unknown>,
  isError = false,
): void {
  const requestId = randomUUID().toUpperCase();
  const payload = isError
    ? {
        RequestId: requestId,
        HostId: req.headers.host ?? '',
        ...body,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${String(body.Code)}&product=Ecs&requestId=${requestId}`,
      }
    : { RequestId: requestId, ...body };
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-acs-request-id': requestId,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(ecsError('InvalidParameter', 'The request body is too large.'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
