/**
 * The chart a release record stores for an app that is not a chart (TEMPLATE, COMPOSED): metadata
 * only (name, version, appVersion; apiVersion v2, type application), no templates or values, so
 * `helm history` / `helm list` show the app and version while the manifest carries the objects.
 */
import type { Chart } from '@marina/helm';

export function stubChart(meta: {
  readonly name: string;
  readonly version: string;
  readonly appVersion: string;
}): Chart {
  return {
    metadata: {
      apiVersion: 'v2',
      name: meta.name,
      version: meta.version,
      appVersion: meta.appVersion,
      type: 'application',
      home: '',
      sources: [],
      description: '',
      keywords: [],
      maintainers: [],
      icon: '',
      condition: '',
      tags: '',
      deprecated: false,
      annotations: {},
      kubeVersion: '',
      dependencies: [],
    },
    lock: null,
    templates: [],
    values: {},
    schema: null,
    files: [],
    raw: [],
    dependencies: [],
    parent: null,
  };
}
