import YAML from 'yaml';

/** Inputs of {@link buildKubeconfig}. */
export interface KubeconfigInput {
  server: string;
  token: string;
  /** PEM of the CA that signed the serving certificate; absent for plain HTTP. */
  caCertPem?: string;
  name?: string;
  namespace?: string;
}

/** A kubeconfig (YAML) with one cluster, one token user and one current context. */
export function buildKubeconfig(input: KubeconfigInput): string {
  const name = input.name ?? 'marina-sandbox';
  const cluster: Record<string, unknown> = { server: input.server };
  if (input.caCertPem) cluster['certificate-authority-data'] = Buffer.from(input.caCertPem).toString('base64');
  else cluster['insecure-skip-tls-verify'] = true;
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name: `${name}-admin`, user: { token: input.token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: input.namespace ?? 'default' } }],
    'current-context': name,
    preferences: {},
  });
}
