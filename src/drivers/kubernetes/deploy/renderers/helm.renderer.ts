/**
 * The HELM AppRenderer: the version's chart rendered against the live cluster — its real
 * `/version`, its discovery as `.Capabilities.APIVersions` (replacing Helm's defaults) and live
 * `lookup` — with the user's overrides. One layer ("release"); Helm's hooks and NOTES; the
 * release record keeps Helm's manifest text as rendered.
 */
import type { GoMapObject } from '@marina/go-runtime';
import { ChartRenderError, renderChartWithLookup, unmarshalYaml, type Chart } from '@marina/helm';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppType } from '../../../../entities/enums';
import { DriverError } from '../../../../jobs/errors';
import type { AppRenderer, RenderedApp } from '../app-renderer.types';
import { manifestObjects } from '../manifest-objects';

/** What the HELM renderer needs: the version's chart and the values rule (subset of DeployPorts). */
export interface HelmRendererDeps {
  chart(em: EntityManager, versionId: string): Promise<Chart>;
  removedValueKeys(overrides: Readonly<Record<string, unknown>>, chart: Chart): string[];
}

export function helmRenderer(deps: HelmRendererDeps): AppRenderer {
  return {
    type: AppType.HELM,
    async render({ conn, op, mode, versionId, em }): Promise<RenderedApp> {
      const chart = await deps.chart(em, versionId);
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
      return {
        chart: { name: chart.metadata.name, version: chart.metadata.version, appVersion: chart.metadata.appVersion },
        layers: [{ name: 'release', objects: manifestObjects(result.manifestText) }],
        hooks: result.hooks,
        notes: result.notes,
        removedValueKeys: deps.removedValueKeys(op.overrides, chart),
        manifest: result.manifestText,
        warnings: [],
      };
    },
  };
}

/** The overrides as Helm reads a values file (JSON is YAML): Go's value model, numbers as yaml.v2 types. */
function overridesAsValues(overrides: Readonly<Record<string, unknown>>): GoMapObject {
  return unmarshalYaml(JSON.stringify(overrides ?? {})) as GoMapObject;
}
