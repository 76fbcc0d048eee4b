/**
 * The preview of a revision: what applying it would do to each object, as unified diffs of the
 * fields the manifests set, with Secret values masked. Pure: it reads the objects it is given
 * and applies nothing. Hooks are not run by a preview; each is listed as a warning.
 */
import { INSTALL_ORDER, UNINSTALL_ORDER, sortByKind } from '@marina/helm';
import type { KubeObject } from '../kube-object.types';
import { namespaceOf } from './manifest-objects';
import type {
  ChangeAction,
  DesiredObject,
  ObjectChange,
  Preview,
  PreviewInput,
  RemovedObject,
} from './object-change.types';
import { normalized, projected, type Json, type JsonMap } from './object-projection';
import { foldStringData, isSecret, maskSecretPair } from './secret-masking';
import { objectYaml, unifiedDiff } from './unified-diff';

const RELEASE_NAME = 'meta.helm.sh/release-name';

/** Changes in Helm's install order for the target's objects, then its uninstall order for removed ones. */
export function previewChanges(input: PreviewInput): Preview {
  const warnings: string[] = [];
  const desired = sortByKind(input.desired, (d) => d.object.kind, INSTALL_ORDER);
  const removed = sortByKind(input.removed, (r) => r.object.kind, UNINSTALL_ORDER);
  const changes: ObjectChange[] = [];
  for (const d of desired) {
    changes.push(desiredChange(d, input.namespace));
    const owner = d.live?.metadata.annotations?.[RELEASE_NAME];
    if (d.live && owner !== input.releaseName)
      warnings.push(
        `${label(d.object)} exists and ${owner ? `belongs to release ${owner}` : 'is not managed by Helm'}`,
      );
  }
  for (const r of removed) {
    if (r.live) changes.push(removedChange(r, input.namespace));
    else warnings.push(`${label(r.object)} of the current revision is already absent from the cluster`);
  }
  for (const h of input.hooks)
    warnings.push(
      `hook ${h.kind}/${h.name} (${h.events.join(', ')}, weight ${h.weight}) runs when applied; a preview does not run it`,
    );
  return { changes, warnings };
}

function desiredChange(d: DesiredObject, defaultNs: string): ObjectChange {
  const want = content(d.object);
  const shapes = [want, d.previous ? content(d.previous) : undefined].filter((s): s is JsonMap => s !== undefined);
  const have = d.live ? asMap(projected(normalized(d.live as unknown as Json) ?? {}, shapes)) : undefined;
  const action: ChangeAction = !d.live ? 'ADD' : sameYaml(have, want) ? 'UNCHANGED' : 'CHANGE';
  return change(d.object, namespaceOf(d.object, defaultNs, d.live), action, have, want);
}

function removedChange(r: RemovedObject, defaultNs: string): ObjectChange {
  const shape = content(r.object);
  const have = asMap(projected(normalized(r.live as unknown as Json) ?? {}, shape ? [shape] : []));
  return change(r.object, namespaceOf(r.object, defaultNs, r.live), 'REMOVE', have, undefined);
}

function change(
  obj: KubeObject,
  namespace: string | null,
  action: ChangeAction,
  have: JsonMap | undefined,
  want: JsonMap | undefined,
): ObjectChange {
  let [before, after] = [have, want];
  if (isSecret(obj)) ({ live: before, desired: after } = maskSecretPair(want, have));
  const diff = action === 'UNCHANGED' ? null : unifiedDiff(label(obj), objectYaml(before), objectYaml(after));
  return { kind: obj.kind, name: obj.metadata.name, namespace, action, diff };
}

/** The fields an object of a manifest sets, as the server will compare them. */
function content(obj: KubeObject): JsonMap | undefined {
  const json = obj as unknown as JsonMap;
  return asMap(normalized(isSecret(obj) ? foldStringData(json) : json));
}

function asMap(v: Json | undefined): JsonMap | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

function sameYaml(a: JsonMap | undefined, b: JsonMap | undefined): boolean {
  return objectYaml(a) === objectYaml(b);
}

function label(obj: KubeObject): string {
  return `${obj.kind}/${obj.metadata.name}`;
}
