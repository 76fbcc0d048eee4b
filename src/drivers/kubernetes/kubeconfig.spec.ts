import YAML from 'yaml';
import { checkKubeconfig } from './kubeconfig';

const base = () => ({
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'c', cluster: { server: 'https://k8s.example.com:6443', 'certificate-authority-data': 'Q0E=' } }],
  users: [{ name: 'u', user: { token: 't' } }],
  contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u', namespace: 'apps' } }],
  'current-context': 'ctx',
});

const check = (edit: (k: ReturnType<typeof base>) => void = () => undefined) => {
  const k = base();
  edit(k);
  return checkKubeconfig(YAML.stringify(k));
};

describe('checkKubeconfig', () => {
  it('summarises the current context', () => {
    expect(check()).toEqual({
      ok: true,
      context: 'ctx',
      cluster: 'c',
      user: 'u',
      server: 'https://k8s.example.com:6443',
      namespace: 'apps',
    });
  });

  it.each<[string, (k: ReturnType<typeof base>) => void, RegExp]>([
    ['no current context', (k) => ((k as Record<string, unknown>)['current-context'] = ''), /no current-context/],
    ['an unknown context', (k) => (k['current-context'] = 'other'), /"other" is not among its contexts/],
    ['an unknown cluster', (k) => (k.contexts[0].context.cluster = 'x'), /names cluster "x", which is not among/],
    ['an unknown user', (k) => (k.contexts[0].context.user = 'x'), /names user "x", which is not among/],
    ['no server', (k) => ((k.clusters[0].cluster as Record<string, unknown>).server = undefined), /has no server/],
    ['a non-http server', (k) => (k.clusters[0].cluster.server = 'unix:///run/k8s'), /is not an http\(s\) URL/],
    ['exec', (k) => Object.assign(k.users[0].user, { exec: { command: 'sh' } }), /sets "exec", which runs a program/],
    ['auth-provider', (k) => Object.assign(k.users[0].user, { 'auth-provider': { name: 'gcp' } }), /"auth-provider"/],
    [
      'a token file',
      (k) => Object.assign(k.users[0].user, { tokenFile: '/var/run/token' }),
      /"tokenFile", which reads a file/,
    ],
    ['a key file', (k) => Object.assign(k.users[0].user, { 'client-key': '/k.pem' }), /"client-key"/],
    [
      'a CA file',
      (k) => Object.assign(k.clusters[0].cluster, { 'certificate-authority': '/ca.pem' }),
      /"certificate-authority"/,
    ],
    ['a proxy', (k) => Object.assign(k.clusters[0].cluster, { 'proxy-url': 'http://10.0.0.1:3128' }), /"proxy-url"/],
  ])('refuses %s', (_what, edit, message) => {
    const result = check(edit);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });

  it('refuses what is not YAML or not a mapping', () => {
    expect(checkKubeconfig('a: [')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^kubeconfig: not valid YAML/),
    });
    expect(checkKubeconfig('- 1')).toMatchObject({ ok: false, message: 'kubeconfig: not a kubeconfig document' });
  });
});
