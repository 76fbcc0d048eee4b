/**
 * Names and labels of a composed instance's objects. The Service of a node is named exactly by
 * its service name (the DNS name other nodes use); every other object carries the instance
 * prefix `<release>-<node>…`, shortened with a digest when longer than Kubernetes allows for the
 * kind (StatefulSet and Job names end up in label values: 52 characters leave room for suffixes).
 */
import { createHash } from 'node:crypto';

export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const NODE_LABEL = 'marina.io/node';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const LOG_DIR_ANNOTATION = 'marina.io/log-dir';
export const CLOUD_DATABASE_LABEL = 'marina.io/cloud-database';

const MAX_NAME = 52;

/** `parts` joined by '-', cut to 52 characters with an 8-hex digest of the full name when longer. */
export function objectName(...parts: string[]): string {
  const full = parts.join('-');
  if (full.length <= MAX_NAME) return full;
  const digest = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_NAME - 9).replace(/-+$/, '')}-${digest}`;
}

/** The labels selecting a node's pods. */
export function selectorLabels(release: string, node: string): Record<string, string> {
  return { [INSTANCE_LABEL]: release, [NODE_LABEL]: node };
}

export const credentialsSecretName = (release: string, node: string) => objectName(release, node, 'credentials');
export const connectionSecretName = (release: string, node: string) => objectName(release, node, 'connection');
export const filesConfigMapName = (release: string, node: string) => objectName(release, node, 'files');

/** The environment variable prefix under which a CLOUD_DATABASE node's connection reaches its dependants. */
export const envPrefixOf = (node: string) => `${node.toUpperCase().replace(/-/g, '_')}_`;

/** Name of the hidden variable carrying `${secrets.<node>.<key>}` inside a longer value. */
export const secretVariableName = (node: string, key: string) =>
  `MARINA_SECRET_${node.toUpperCase().replace(/-/g, '_')}_${key.toUpperCase()}`;

/** sha256 of a JSON value, 8 hex characters (stable for equal values). */
export function shortDigest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 8);
}
