import { Provider, type RuntimeEnvironment } from '../../entities/enums';
import type { FieldProblem } from '../errors';

export interface RuntimeCredentialInput {
  readonly name: string;
  readonly provider: Provider;
  readonly endpoint?: string | null;
  readonly region?: string | null;
  readonly accessKeyId?: string | null;
  readonly secretAccessKey?: string | null;
  readonly kubeconfig?: string | null;
}

export interface RuntimeInput {
  readonly name: string;
  readonly description?: string | null;
  readonly provider: Provider;
  readonly credentialId: string;
  readonly zone?: string | null;
  readonly namespace?: string | null;
  readonly environment?: RuntimeEnvironment | null;
  readonly labels?: unknown;
  readonly vpcId?: string | null;
  readonly subnetId?: string | null;
}

const CLOUD_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const MAX_KUBECONFIG = 256 * 1024;

type Check = (problems: FieldProblem[]) => void;

const need =
  (path: string, value: string | null | undefined, max: number): Check =>
  (problems) => {
    if (!value?.trim()) problems.push({ path, message: 'is required' });
    else if (value.length > max) problems.push({ path, message: `is longer than ${max} characters` });
  };
const absent =
  (path: string, value: string | null | undefined, why: string): Check =>
  (problems) => {
    if (value) problems.push({ path, message: why });
  };
const cloudId =
  (path: string, value: string | null | undefined): Check =>
  (problems) => {
    if (value && !CLOUD_ID.test(value)) problems.push({ path, message: 'is not a valid cloud identifier' });
  };

/** A Kubernetes namespace name: an RFC 1123 DNS label. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const namespaceName =
  (value: string | null | undefined): Check =>
  (problems) => {
    if (value != null && !NAMESPACE.test(value))
      problems.push({
        path: 'namespace',
        message: 'must be a DNS label: lower-case letters, digits and "-", at most 63',
      });
  };

export const isCloud = (provider: Provider): boolean => provider !== Provider.KUBERNETES;

/** Field problems of a new runtime credential (format only; the provider is asked by validation). */
export function checkCredentialInput(input: RuntimeCredentialInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const checks: Check[] = [need('name', input.name, 128), cloudId('region', input.region)];
  if (isCloud(input.provider)) {
    checks.push(
      need('accessKeyId', input.accessKeyId, 128),
      need('secretAccessKey', input.secretAccessKey, 4096),
      absent('kubeconfig', input.kubeconfig, `is only for KUBERNETES credentials, not ${input.provider}`),
    );
  } else {
    checks.push(
      need('kubeconfig', input.kubeconfig, MAX_KUBECONFIG),
      absent('endpoint', input.endpoint, 'is taken from the kubeconfig for KUBERNETES credentials'),
      absent('accessKeyId', input.accessKeyId, 'is only for cloud credentials'),
      absent('secretAccessKey', input.secretAccessKey, 'is only for cloud credentials'),
    );
  }
  if (input.endpoint && !/^https?:\/\//i.test(input.endpoint.trim()))
    problems.push({ path: 'endpoint', message: 'must be an http:// or https:// URL' });
  for (const check of checks) check(problems);
  return problems;
}

/** Field problems of a new runtime (format only; the zone and network are checked with the provider). */
export function checkRuntimeInput(input: RuntimeInput, credentialProvider: Provider): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const checks: Check[] = [
    need('name', input.name, 128),
    cloudId('zone', input.zone),
    cloudId('vpcId', input.vpcId),
    cloudId('subnetId', input.subnetId),
  ];
  if (input.provider !== credentialProvider)
    problems.push({ path: 'provider', message: `does not match the credential's provider ${credentialProvider}` });
  if (isCloud(input.provider))
    checks.push(need('zone', input.zone, 128), absent('namespace', input.namespace, 'is only for KUBERNETES runtimes'));
  else
    checks.push(
      absent('zone', input.zone, 'is only for cloud runtimes'),
      absent('vpcId', input.vpcId, 'is only for cloud runtimes'),
      namespaceName(input.namespace),
    );
  if ((input.description ?? '').length > 1024)
    problems.push({ path: 'description', message: 'is longer than 1024 characters' });
  if (input.labels != null && !isStringMap(input.labels))
    problems.push({ path: 'labels', message: 'must be an object of string values' });
  for (const check of checks) check(problems);
  return problems;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
