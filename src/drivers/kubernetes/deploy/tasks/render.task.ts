/**
 * `render`: the operation's version rendered by the AppRenderer of its type (HELM: the chart
 * against the live cluster; see ../renderers/). Changes nothing; its result is what later tasks
 * apply. The objects get Helm's ownership metadata and are kept layer by layer, each layer in
 * install order; the renderer's warnings are recorded as `render.warning` events on the job.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Hook } from '@marina/helm';
import { dump } from 'js-yaml';
import { AppType } from '../../../../entities/enums';
import { done, type Processor } from '../../../../jobs/job.types';
import type { InstanceOperation } from '../../../../services/instances/instance-operation.types';
import type { KubeConnection } from '../../kube-connection.types';
import type { KubeObject } from '../../kube-object.types';
import type { RenderedApp } from '../app-renderer.types';
import type { DeployPorts } from '../deploy-ports';
import type { RenderMode } from '../deploy.planner';
import { installOrder, withReleaseOwnership } from '../manifest-objects';
import { inputOf, operationOf, sealRendered, withKube } from '../task-context';

/** One layer of the result: its name and how many of `objects` (in order) belong to it. */
export interface RenderedLayerSlice {
  readonly name: string;
  readonly count: number;
}

/** The `render` task's result, read by later tasks through `ctx.upstream('render')`. */
export interface RenderedRelease {
  readonly mode: RenderMode;
  /** The version's app type (absent in results of older workers: HELM). */
  readonly appType?: AppType;
  readonly chart: { readonly name: string; readonly version: string; readonly appVersion: string };
  /** The release manifest text (what the release record stores). */
  readonly manifest: string;
  /** Every object with Helm's ownership metadata: layer after layer, each in install order. */
  readonly objects: readonly KubeObject[];
  /** The layers, in apply order (absent: one layer of all objects). */
  readonly layers?: readonly RenderedLayerSlice[];
  readonly hooks: readonly Hook[];
  readonly notes: string;
  readonly removedValueKeys: readonly string[];
  readonly warnings?: readonly string[];
  /** sha256 of `manifest`, hex. */
  readonly manifestDigest: string;
}

export function renderProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const mode = inputOf<RenderMode>(ctx, 'mode', ['install', 'upgrade', 'rollback']);
    const rendered = await withKube(ports, ctx, ({ op, conn, em }) => renderOperation(ports, conn, em, op, mode));
    await ctx.emit({
      kind: 'render',
      message: `rendered ${rendered.chart.name} ${rendered.chart.version}: ${rendered.objects.length} objects, ${rendered.hooks.length} hooks${layerNote(rendered)}`,
    });
    for (const warning of rendered.warnings ?? []) await ctx.emit({ kind: 'render.warning', message: warning });
    return done(sealRendered(ports.results, operationOf(ctx), rendered));
  };
}

function layerNote(r: RenderedRelease): string {
  if (!r.layers || r.layers.length < 2) return '';
  return ` in ${r.layers.length} layers (${r.layers.map((l) => l.name).join(' → ')})`;
}

/** Renders `op`'s version with the renderer of its type, against the cluster behind `conn`. */
export async function renderOperation(
  ports: DeployPorts,
  conn: KubeConnection,
  em: EntityManager,
  op: InstanceOperation,
  mode: RenderMode,
): Promise<RenderedRelease> {
  const renderer = ports.renderers.of(op.appType);
  const app = await renderer.render({ conn, op, mode, versionId: op.versionId, em });
  return releaseOf(app, op, mode, renderer.type);
}

/** The task result of a renderer's output: ownership metadata, install order per layer, manifest and digest. */
export function releaseOf(
  app: RenderedApp,
  op: InstanceOperation,
  mode: RenderMode,
  appType: AppType,
): RenderedRelease {
  const layers = app.layers.map((l) => ({
    name: l.name,
    objects: installOrder(l.objects.map((o) => withReleaseOwnership(o, op.releaseName, op.namespace))),
  }));
  const manifest = app.manifest ?? manifestText(app);
  return {
    mode,
    appType,
    chart: app.chart,
    manifest,
    objects: layers.flatMap((l) => l.objects),
    layers: layers.map((l) => ({ name: l.name, count: l.objects.length })),
    hooks: app.hooks,
    notes: app.notes,
    removedValueKeys: app.removedValueKeys,
    warnings: app.warnings,
    manifestDigest: createHash('sha256').update(manifest).digest('hex'),
  };
}

/** The objects as a Helm-style manifest (`---` separated documents, a `# Source:` line per layer). */
function manifestText(app: RenderedApp): string {
  return app.layers
    .flatMap((l) =>
      l.objects.map(
        (o) => `---\n# Source: ${l.name}\n${dump(JSON.parse(JSON.stringify(o)), { noRefs: true, lineWidth: -1 })}`,
      ),
    )
    .join('');
}

/** The objects of layer `index` (every object when the result has no layers or `index` is undefined). */
export function layerObjects(r: RenderedRelease, index: number | undefined): readonly KubeObject[] {
  if (index === undefined || !r.layers) return r.objects;
  const start = r.layers.slice(0, index).reduce((n, l) => n + l.count, 0);
  const layer = r.layers[index];
  if (!layer) return [];
  return r.objects.slice(start, start + layer.count);
}
