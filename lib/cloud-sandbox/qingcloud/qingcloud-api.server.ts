import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SandboxCore } from '../core/contracts';
import * as instances from './instance.actions';
import * as keys from './keypair-tag.actions';
import * as network from './network.actions';
import { zonesOf, type QcAction } from './qc.action';
import { QcParams } from './qc-params';
import { QcApiError, QC_CODES, qcErrors } from './qingcloud.errors';
import type { QcLifecycle } from './qingcloud.lifecycle';
import { qcSignatureValid } from './qingcloud.signature';
import type { QcStore } from './qingcloud.state';
import * as volumes from './volume.actions';

const API_PATH = '/iaas/';
/** How far `time_stamp` may be from the server's clock (QingCloud: 60 s). */
const MAX_SKEW_MS = 60_000;

const ACTIONS: Readonly<Record<string, QcAction>> = {
  DescribeZones: network.describeZones,
  DescribeVxnets: network.describeVxnets,
  DescribeRouters: network.describeRouters,
  DescribeImages: network.describeImages,
  DescribeJobs: network.describeJobs,
  RunInstances: instances.runInstances,
  DescribeInstances: instances.describeInstances,
  StartInstances: instances.startInstances,
  StopInstances: instances.stopInstances,
  TerminateInstances: instances.terminateInstances,
  ResizeInstances: instances.resizeInstances,
  CreateVolumes: volumes.createVolumes,
  DescribeVolumes: volumes.describeVolumes,
  AttachVolumes: volumes.attachVolumes,
  DetachVolumes: volumes.detachVolumes,
  DeleteVolumes: volumes.deleteVolumes,
  ResizeVolumes: volumes.resizeVolumes,
  CreateKeyPair: keys.createKeyPair,
  DescribeKeyPairs: keys.describeKeyPairs,
  AttachKeyPairs: keys.attachKeyPairs,
  DetachKeyPairs: keys.detachKeyPairs,
  DeleteKeyPairs: keys.deleteKeyPairs,
  CreateTag: keys.createTag,
  DescribeTags: keys.describeTags,
  AttachTags: keys.attachTags,
  DetachTags: keys.detachTags,
};

export interface QcServerParts {
  readonly store: QcStore;
  readonly lifecycle: QcLifecycle;
  readonly core: SandboxCore;
  readonly credential: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly log?: (line: string) => void;
}

/**
 * The QingCloud IaaS API at `/iaas/`: GET with the action and its parameters in the query, signed
 * (signature_version 1, HmacSHA256); answers `{ action: "<Action>Response", ret_code: 0, … }`,
 * failures `{ ret_code, message }`. Injected faults apply after authentication: fail-once (the
 * fault's code as ret_code, 5000 by default), throttle (2500), drop-response (the action takes
 * effect, then the connection is reset).
 */
export function createQingCloudServer(parts: QcServerParts): Server {
  return createServer((req, res) => {
    void handle(parts, req, res).catch((err: unknown) => {
      parts.log?.(`qingcloud: unexpected failure: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent)
        send(res, { ret_code: QC_CODES.INTERNAL, message: 'InternalError, unexpected server error' });
    });
  });
}

async function handle(parts: QcServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  req.resume();
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const raw = Object.fromEntries(url.searchParams);
  try {
    if (url.pathname !== API_PATH && url.pathname !== API_PATH.slice(0, -1))
      throw qcErrors.invalid('path', `[${url.pathname}] is not /iaas/`);
    authenticate(parts, req.method ?? 'GET', API_PATH, raw);
    const params = new QcParams(raw);
    const action = params.required('action');
    const handler = ACTIONS[action];
    if (!handler) throw qcErrors.invalid('action', `[${action}] is not supported`);
    const zones = zonesOf(parts.store, params.get('zone'));
    const fault = parts.core.faults.take(action);
    if (fault?.kind === 'fail-once')
      throw new QcApiError(
        Number(fault.code ?? QC_CODES.INTERNAL) || QC_CODES.INTERNAL,
        `InjectedFault, ${action} failed once`,
      );
    if (fault?.kind === 'throttle') throw qcErrors.throttled();
    const result = await handler({ params, store: parts.store, lifecycle: parts.lifecycle, core: parts.core, zones });
    if (fault?.kind === 'drop-response') {
      parts.log?.(`qingcloud: ${action} done, response dropped (injected fault)`);
      req.socket.destroy();
      return;
    }
    send(res, { action: `${action}Response`, ...result, ret_code: 0 });
  } catch (err) {
    if (!(err instanceof QcApiError)) throw err;
    send(res, { ret_code: err.retCode, message: err.message });
  }
}

/** Checks the common parameters and the signature: 1100 when malformed, 1200 bad key or signature, 1300 stale. */
function authenticate(parts: QcServerParts, method: string, path: string, raw: Record<string, string>): void {
  const params = new QcParams(raw);
  for (const name of ['access_key_id', 'signature', 'time_stamp']) params.required(name);
  if (params.get('signature_method') !== 'HmacSHA256')
    throw qcErrors.invalid('signature_method', 'should be HmacSHA256');
  if (params.get('signature_version') !== '1') throw qcErrors.invalid('signature_version', 'should be 1');
  if (params.get('version') !== '1') throw qcErrors.invalid('version', 'should be 1');
  if (raw.access_key_id !== parts.credential.accessKeyId)
    throw new QcApiError(QC_CODES.AUTH, `AuthFailure, access key id [${raw.access_key_id}] not found`);
  if (!qcSignatureValid(method, path, raw, parts.credential.secretAccessKey))
    throw new QcApiError(QC_CODES.AUTH, 'AuthFailure, signature not matched');
  const stamp = Date.parse(raw.time_stamp);
  if (!Number.isFinite(stamp)) throw qcErrors.invalid('time_stamp', 'should be an ISO 8601 UTC time');
  const expires = raw.expires ? Date.parse(raw.expires) : undefined;
  if (Math.abs(Date.now() - stamp) > MAX_SKEW_MS || (expires !== undefined && !(expires > Date.now()))) {
    throw new QcApiError(QC_CODES.EXPIRED, `MessageExpired, time_stamp [${raw.time_stamp}] expired`);
  }
}

function send(res: ServerResponse, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
