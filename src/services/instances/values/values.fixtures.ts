/** Small charts for the values specs: web 1.0.0 and 2.0.0 (2.0.0 drops image.pullPolicy), with a cache subchart. */
import { loadChartFiles, type Chart } from '@marina/helm';

const file = (name: string, text: string) => ({ name, data: Buffer.from(text) });

const SCHEMA = {
  type: 'object',
  properties: {
    replicaCount: { type: 'integer', minimum: 1 },
    image: { type: 'object', properties: { tag: { type: 'string' } } },
    extraLabels: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

export function webChart(version: '1.0.0' | '2.0.0'): Chart {
  const image =
    version === '1.0.0'
      ? '{ repository: nginx, tag: "1.27", pullPolicy: IfNotPresent }'
      : '{ repository: nginx, tag: "1.28" }';
  return loadChartFiles([
    file(
      'Chart.yaml',
      `apiVersion: v2\nname: web\nversion: ${version}\ndependencies:\n  - { name: cache, version: 0.1.0, condition: cache.enabled }\n`,
    ),
    file(
      'values.yaml',
      `replicaCount: 1\nimage: ${image}\nservice: { type: ClusterIP, port: 80 }\ncache: { enabled: false }\n`,
    ),
    file('values.schema.json', JSON.stringify(SCHEMA)),
    file('templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: {{ .Release.Name }} }\n'),
    file('charts/cache/Chart.yaml', 'apiVersion: v2\nname: cache\nversion: 0.1.0\n'),
    file('charts/cache/values.yaml', 'port: 6379\npersistence: { size: 1Gi }\n'),
    file('charts/cache/values.schema.json', JSON.stringify({ properties: { port: { type: 'integer' } } })),
  ]);
}
