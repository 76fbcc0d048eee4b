import type { KubeConnection } from '../../drivers/kubernetes/kube-connection.types';
import { kubeError, type KubeErrorCode } from '../../drivers/kubernetes/kube-errors';
import { Provider } from '../../entities/enums';
import { STRICT_POLICY } from '../../net';
import type { OpenedCredential } from './credential-secret';
import {
  KubernetesCredentialValidator,
  MARINA_NAMESPACE_LABELS,
  type ConnectFn,
} from './kubernetes-credential.validator';

const credential: OpenedCredential = {
  provider: Provider.KUBERNETES,
  secret: { kubeconfig: 'kubeconfig-text' },
  trusted: false,
};

/** A cluster seen through the connection interface, recording what was asked. */
function cluster(fail?: KubeErrorCode) {
  const asked: string[] = [];
  const connect: ConnectFn = async (kubeconfig, opts) => {
    asked.push(`connect ${kubeconfig} trusted=${opts.trusted}`);
    const call = async <T>(what: string, value: T): Promise<T> => {
      asked.push(what);
      if (fail) throw kubeError(fail, `${fail} happened`);
      return value;
    };
    return {
      serverVersion: () => call('version', { major: '1', minor: '32', gitVersion: 'v1.32.0' }),
      namespaces: () => call('namespaces', ['kube-system', 'default']),
      ensureNamespace: (name: string, labels: Record<string, string>) =>
        call(`ensure ${name} ${JSON.stringify(labels)}`, 'created' as const),
      close: () => void asked.push('close'),
    } as unknown as KubeConnection;
  };
  return { connect, asked };
}

describe('KubernetesCredentialValidator', () => {
  it('reports the server version and the namespaces as sorted zones, and closes the connection', async () => {
    const { connect, asked } = cluster();
    expect(await new KubernetesCredentialValidator(STRICT_POLICY, connect).validate(credential)).toEqual({
      ok: true,
      message: 'connected to Kubernetes v1.32.0: 2 namespace(s)',
      regions: [],
      zones: ['default', 'kube-system'],
    });
    expect(asked).toEqual(['connect kubeconfig-text trusted=false', 'version', 'namespaces', 'close']);
  });

  it("ensures a runtime's namespace with Marina's labels (default: default)", async () => {
    const { connect, asked } = cluster();
    const v = new KubernetesCredentialValidator(STRICT_POLICY, connect);
    expect(await v.locate({ ...credential, trusted: true }, { zone: '', namespace: 'team-a' })).toEqual({ ok: true });
    expect(await v.locate(credential, { zone: '' })).toEqual({ ok: true });
    expect(asked.filter((a) => a.startsWith('ensure') || a.startsWith('connect'))).toEqual([
      'connect kubeconfig-text trusted=true',
      `ensure team-a ${JSON.stringify(MARINA_NAMESPACE_LABELS)}`,
      'connect kubeconfig-text trusted=false',
      `ensure default ${JSON.stringify(MARINA_NAMESPACE_LABELS)}`,
    ]);
  });

  it.each<[KubeErrorCode, string]>([
    ['KUBE_UNAUTHORIZED', 'BAD_CREDENTIALS'],
    ['KUBE_FORBIDDEN', 'FORBIDDEN'],
    ['KUBE_UNREACHABLE', 'UNREACHABLE'],
    ['KUBE_TLS', 'TLS'],
    ['SSRF_BLOCKED', 'ENDPOINT_REFUSED'],
    ['KUBECONFIG_INVALID', 'INVALID_KUBECONFIG'],
    ['KUBE_THROTTLED', 'THROTTLED'],
    ['KUBE_SERVER_ERROR', 'PROVIDER_ERROR'],
  ])('reports %s as %s, in validation and when locating', async (code, problem) => {
    const v = new KubernetesCredentialValidator(STRICT_POLICY, cluster(code).connect);
    expect(await v.validate(credential)).toEqual({
      ok: false,
      errorCode: problem,
      message: `${code} happened`,
      regions: [],
      zones: [],
    });
    expect(await v.locate(credential, { zone: '', namespace: 'x' })).toEqual({
      ok: false,
      errorCode: problem,
      path: 'credentialId',
      message: `${code} happened`,
    });
  });

  it('rethrows what is not a connection failure', async () => {
    const connect: ConnectFn = async () => {
      throw new TypeError('bug');
    };
    await expect(new KubernetesCredentialValidator(STRICT_POLICY, connect).validate(credential)).rejects.toThrow('bug');
  });
});
