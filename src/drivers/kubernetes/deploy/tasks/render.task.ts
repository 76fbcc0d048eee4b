/**
 * `render`: the chart of the operation's version rendered against the live cluster — its real
 * `/version`, its discovery as `.Capabilities.APIVersions` (replacing Helm's defaults) and live
 * `lookup` — with the user's overrides. Changes nothing; its result is what later tasks apply.
 */
import { createHash } from 'node:crypto';
import type { GoMapObject } from '@marina/go-runtime';
import { ChartRenderError, renderChartWithLookup, unmarshalYaml, type Chart, type Hook } from '@marina/helm';
import { DriverError } from '../../../../jobs/errors';
import { done, type Processor } from '../../../../jobs/job.types';
import type { InstanceOperation } from '../../../../services/instances/instance-operation.types';
import type { KubeConnection } from '../../kube-connection.types';
import type { KubeObject } from '../../kube-object.types';
import type { DeployPorts } from '../deploy-ports';
import type { RenderMode } from '../deploy.planner';
import { installOrder, manifestObjects, withReleaseOwnership } from '../manifest-objects';
import { inputOf, withKube } from '../task-context';

/** The `render` task's result, read by later tasks through `ctx.upstream('render')`. */
export interface RenderedRelease {
  readonly mode: RenderMode;
  readonly chart: { readonly name: string; readonly version: string; readonly appVersion: string };
  /** Helm's release manifest text (what the release record stores). */
  readonly manifest: string;
  /** The manifest's objects with Helm's ownership metadata, in install order. */
  readonly objects: readonly KubeObject[];
  readonly hooks: readonly Hook[];
  readonly notes: string;
  readonly removedValueKeys: readonly string[];
  /** sha256 of `manifest`, hex. */
  readonly manifestDigest: string;
  readonly kubeVersion: string;
}

export function renderProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const mode = inputOf<RenderMode>(ctx, 'mode', ['install', 'upgrade', 'rollback']);
    const rendered = await withKube(ports, ctx, async ({ op, conn, em }) => {
      const chart = await ports.chart(em, op.versionId);
      return renderRelease(conn, chart, op, mode, ports.removedValueKeys(op.overrides, chart));
    });
    await ctx.emit({
      kind: 'render',
      message: `rendered ${rendered.chart.name} ${rendered.chart.version}: ${rendered.objects.length} objects, ${rendered.hooks.length} hooks`,
    });
    return done({ ...rendered });
  };
}

/** Renders `chart` for `op` against the cluster behind `conn`. */
export async function renderRelease(
  conn: KubeConnection,
  chart: Chart,
  op: InstanceOperation,
  mode: RenderMode,
  removedValueKeys: readonly string[],
): Promise<RenderedRelease> {
  const [version, apiVersions] = await Promise.all([conn.serverVersion(), conn.apiVersions()]);
  let result;
  try {
    result = await renderChartWithLookup(
      chart,
      {
        releaseName: op.releaseName,
        namespace: op.namespace,
        values: overridesAsValues(op.overrides),
        kubeVersion: version.gitVersion,
        apiVersions,
        apiVersionsFromCluster: true,
        isUpgrade: mode !== 'install',
        revision: op.revision,
      },
      conn.lookup,
    );
  } catch (err) {
    if (err instanceof ChartRenderError) throw new DriverError('CHART_RENDER', err.message, false, { cause: err });
    throw err;
  }
  const objects = manifestObjects(result.manifestText).map((o) =>
    withReleaseOwnership(o, op.releaseName, op.namespace),
  );
  return {
    mode,
    chart: { name: chart.metadata.name, version: chart.metadata.version, appVersion: chart.metadata.appVersion },
    manifest: result.manifestText,
    objects: installOrder(objects),
    hooks: result.hooks,
    notes: result.notes,
    removedValueKeys,
    manifestDigest: createHash('sha256').update(result.manifestText).digest('hex'),
    kubeVersion: version.gitVersion,
  };
}

/** The overrides as Helm reads a values file (JSON is YAML): Go's value model, numbers as yaml.v2 types. */
function overridesAsValues(overrides: Readonly<Record<string, unknown>>): GoMapObject {
  return unmarshalYaml(JSON.stringify(overrides ?? {})) as GoMapObject;
}
