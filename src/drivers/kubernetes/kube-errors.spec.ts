import { DriverError } from '../../jobs/errors';
import { OutboundBlockedError } from '../../net';
import { toKubeError } from './kube-errors';

const SERVER = 'https://10.0.0.5:6443';
const api = (code: number, message?: string) =>
  Object.assign(new Error('Unsuccessful HTTP Request'), {
    code,
    body: JSON.stringify({ kind: 'Status', message }),
    headers: {},
  });
const net = (code: string) =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });

describe('toKubeError', () => {
  it.each([
    [api(401), 'KUBE_UNAUTHORIZED', false, /^https:\/\/10\.0\.0\.5:6443 rejected the credentials \(401 Unauthorized\)/],
    [
      api(403, 'pods is forbidden: User "x" cannot list'),
      'KUBE_FORBIDDEN',
      false,
      /^forbidden by .*: pods is forbidden/,
    ],
    [api(404, 'configmaps "a" not found'), 'KUBE_NOT_FOUND', false, /^configmaps "a" not found$/],
    [api(409, 'the object has been modified'), 'KUBE_CONFLICT', false, /modified/],
    [
      api(422, 'Deployment.apps "x" is invalid: spec.replicas'),
      'KUBE_INVALID',
      false,
      /refused the request \(422\): Deployment/,
    ],
    [api(400, 'bad patch'), 'KUBE_INVALID', false, /\(400\): bad patch/],
    [api(429, 'slow down'), 'KUBE_THROTTLED', true, /asked to slow down/],
    [api(503, 'etcd'), 'KUBE_SERVER_ERROR', true, /failed \(503\): etcd/],
    [net('ECONNREFUSED'), 'KUBE_UNREACHABLE', true, /^cannot reach https:\/\/10\.0\.0\.5:6443: connection refused$/],
    [net('UND_ERR_CONNECT_TIMEOUT'), 'KUBE_UNREACHABLE', true, /connection timed out$/],
    [net('ENOTFOUND'), 'KUBE_UNREACHABLE', true, /host name not found$/],
    [
      Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
      'KUBE_UNREACHABLE',
      true,
      /no answer in time$/,
    ],
    [net('SELF_SIGNED_CERT_IN_CHAIN'), 'KUBE_TLS', false, /^TLS with https:\/\/10\.0\.0\.5:6443 failed/],
    [net('ERR_TLS_CERT_ALTNAME_INVALID'), 'KUBE_TLS', false, /certificate-authority-data/],
    [
      new TypeError('fetch failed', { cause: new OutboundBlockedError('SSRF_BLOCKED', 'x', 'x is a private address') }),
      'SSRF_BLOCKED',
      false,
      /refused to connect/,
    ],
  ])('maps %p', (err, code, retryable, message) => {
    const mapped = toKubeError(err, SERVER);
    expect(mapped).toBeInstanceOf(DriverError);
    expect(mapped).toMatchObject({ code, retryable });
    expect(mapped.message).toMatch(message);
  });

  it('keeps DriverErrors and rethrows programming errors', () => {
    const known = new DriverError('KUBE_INVALID', 'x', false);
    expect(toKubeError(known, SERVER)).toBe(known);
    expect(() => toKubeError(new RangeError('bug'), SERVER)).toThrow('bug');
  });
});
