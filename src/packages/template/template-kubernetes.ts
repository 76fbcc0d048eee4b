import { isObject } from '../package-issues';
import type { PackageIssue } from '../package-error';
import type { KubernetesObject } from './template-types';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_NAME = 253;

/**
 * Checks that a parsed YAML document is a Kubernetes object: apiVersion and kind strings,
 * metadata.name a DNS-1123 subdomain (≤ 253 chars), optional metadata.namespace a string.
 * Returns the object or the problems, with paths like "templates/a.yaml#2:/metadata/name".
 */
export function checkKubernetesObject(doc: unknown, where: string): KubernetesObject | PackageIssue[] {
  const issues: PackageIssue[] = [];
  const add = (pointer: string, message: string) =>
    issues.push({ code: 'INVALID_TEMPLATE', path: `${where}:${pointer}`, message });
  if (!isObject(doc)) {
    add('', 'a document must be a mapping (a Kubernetes object)');
    return issues;
  }
  if (typeof doc.apiVersion !== 'string' || doc.apiVersion === '')
    add('/apiVersion', 'apiVersion must be a non-empty string');
  if (typeof doc.kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(doc.kind))
    add('/kind', 'kind must be a CamelCase string');
  const meta = doc.metadata;
  if (!isObject(meta)) add('/metadata', 'metadata must be a mapping');
  else {
    const name = meta.name;
    if (typeof name !== 'string' || name.length > MAX_NAME || !DNS_SUBDOMAIN.test(name)) {
      add(
        '/metadata/name',
        `metadata.name ${JSON.stringify(name)} must be a DNS-1123 subdomain (lower case letters, digits, '-', '.')`,
      );
    }
    if (meta.namespace !== undefined && typeof meta.namespace !== 'string')
      add('/metadata/namespace', 'metadata.namespace must be a string');
  }
  return issues.length > 0 ? issues : (doc as unknown as KubernetesObject);
}
