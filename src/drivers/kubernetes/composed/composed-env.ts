/**
 * A container's environment from a node's env map: `${nodes.<n>.service}` becomes the Service
 * name; a value that is exactly `${secrets.<n>.<key>}` reads the key from that node's Secret; a
 * secret inside a longer value goes through a hidden variable defined first and Kubernetes'
 * `$(VAR)` expansion, so no credential is ever written into a pod spec. Dependants of a
 * CLOUD_DATABASE node get its connection Secret under the prefix `<NODE>_` (ORDERS_HOST, …).
 */
import type { ComposedDefinition, WorkloadNode } from '../../../packages/composed/composed.types';
import { referencesIn, serviceNameOf } from '../../../packages/composed/composed-references';
import { connectionSecretName, credentialsSecretName, envPrefixOf, secretVariableName } from './composed-names';
import type { ComposedRenderContext, JsonMap } from './composed-render.types';

/** The Secret holding `${secrets.<node>.…}` of a node. */
export function secretOfNode(def: ComposedDefinition, release: string, node: string): string {
  const target = def.nodes.find((n) => n.name === node);
  return target?.kind === 'CLOUD_DATABASE' ? connectionSecretName(release, node) : credentialsSecretName(release, node);
}

const fromSecret = (name: string, secret: string, key: string): JsonMap => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key } },
});

/**
 * `extra` (the engine's own variables of a middleware node) come before the user's, so the
 * user's may refer to them with `$(VAR)`.
 */
export function containerEnv(
  ctx: ComposedRenderContext,
  node: WorkloadNode,
  extra: readonly JsonMap[] = [],
): { env: JsonMap[]; envFrom: JsonMap[] } {
  const def = ctx.definition;
  const hidden = new Map<string, JsonMap>();
  const own: JsonMap[] = [];
  for (const [name, value] of Object.entries(node.env)) {
    const refs = referencesIn(value);
    if ('malformed' in refs) throw new Error(`unvalidated reference ${refs.malformed}`);
    const only = refs.length === 1 && refs[0].text === value ? refs[0] : undefined;
    if (only?.kind === 'secret') {
      own.push(fromSecret(name, secretOfNode(def, ctx.release, only.node), only.key));
      continue;
    }
    let text = value;
    for (const ref of refs) {
      if (ref.kind === 'service') {
        const target = def.nodes.find((n) => n.name === ref.node);
        text = text.split(ref.text).join(target ? serviceNameOf(target) : ref.node);
      } else {
        const variable = secretVariableName(ref.node, ref.key);
        hidden.set(variable, fromSecret(variable, secretOfNode(def, ctx.release, ref.node), ref.key));
        text = text.split(ref.text).join(`$(${variable})`);
      }
    }
    own.push({ name, value: text });
  }
  const sortedHidden = [...hidden.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const envFrom = def.edges
    .filter((e) => e.from === node.name)
    .map((e) => def.nodes.find((n) => n.name === e.to))
    .filter((n) => n?.kind === 'CLOUD_DATABASE')
    .map((n) => ({ prefix: envPrefixOf(n!.name), secretRef: { name: connectionSecretName(ctx.release, n!.name) } }));
  return { env: [...sortedHidden, ...extra, ...own], envFrom };
}
