/**
 * A composed definition (overrides applied) → the layers the deploy pipeline applies in order, each
 * ready before the next: one layer per step of the edge order (targets of arrows first). Every
 * generated Secret goes into the first layer, so a reference to another node's credentials
 * resolves whatever the order. Within a layer, objects are in Helm's install order.
 */
import { deployLayers } from '../../../packages/composed/composed-graph';
import type { KubeObject } from '../kube-object.types';
import { installOrder } from '../deploy/manifest-objects';
import { nodeObjects } from './composed-objects';
import type { ComposedRenderContext } from './composed-render.types';

export interface ComposedLayer {
  /** The node names of the step, e.g. "db, orders". */
  readonly name: string;
  readonly objects: readonly KubeObject[];
}

export function renderComposed(ctx: ComposedRenderContext): ComposedLayer[] {
  const byName = new Map(ctx.definition.nodes.map((n) => [n.name, n]));
  const steps = deployLayers(ctx.definition).map((names) => ({
    name: names.join(', '),
    objects: names.flatMap((n) => nodeObjects(ctx, byName.get(n)!)),
  }));
  const secrets = steps.flatMap((s) => s.objects.filter((o) => o.kind === 'Secret'));
  return steps.map((s, i) => ({
    name: s.name,
    objects: installOrder([...(i === 0 ? secrets : []), ...s.objects.filter((o) => o.kind !== 'Secret')]),
  }));
}
