/** chartValues gives exactly the `.Values` and the schema verdict of a render. */
import { loadChartFiles } from '../chart/chart-loader';
import { unmarshalYaml } from '../yaml/sigs-yaml';
import { chartValues } from './chart-values';
import { renderChart } from './render-chart';

const file = (name: string, text: string) => ({ name, data: Buffer.from(text) });

const chart = () =>
  loadChartFiles([
    file(
      'Chart.yaml',
      [
        'apiVersion: v2',
        'name: web',
        'version: 1.0.0',
        'dependencies:',
        '  - name: cache',
        '    version: 0.1.0',
        '    condition: cache.enabled',
        '    import-values: [{ child: exported, parent: imported }]',
      ].join('\n'),
    ),
    file(
      'values.yaml',
      'replicas: 2\nimage: { repository: nginx, pullPolicy: IfNotPresent }\ncache: { enabled: true }\n',
    ),
    file(
      'values.schema.json',
      JSON.stringify({ type: 'object', properties: { replicas: { type: 'integer', minimum: 1 } } }),
    ),
    file(
      'templates/values.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: v }\ndata:\n{{ toYaml .Values | indent 2 }}\n',
    ),
    file('charts/cache/Chart.yaml', 'apiVersion: v2\nname: cache\nversion: 0.1.0\n'),
    file('charts/cache/values.yaml', 'port: 6379\nexported: { from: cache }\n'),
    file('charts/cache/values.schema.json', JSON.stringify({ properties: { port: { type: 'integer' } } })),
  ]);

function renderedValues(userValues: Record<string, unknown>): unknown {
  const r = renderChart(chart(), { releaseName: 'r', values: userValues as never });
  return (unmarshalYaml(r.manifests[0].content) as { data: unknown }).data;
}

describe('chartValues', () => {
  it.each([
    [{}],
    [{ replicas: 3, image: { pullPolicy: null } }],
    [{ cache: { enabled: false } }],
    [{ cache: { port: 7000 } }],
  ])('equals the render’s .Values for %j', (user) => {
    const { values, schemaIssues } = chartValues(chart(), user as never);
    expect(JSON.parse(JSON.stringify(values))).toEqual(renderedValues(user));
    expect(schemaIssues).toEqual([]);
  });

  it('reports every schema problem of the processed tree, per chart', () => {
    const { schemaIssues } = chartValues(chart(), { replicas: 0, cache: { port: 'x' } } as never);
    expect(schemaIssues).toEqual([
      { chart: 'web', section: [], field: 'replicas', description: 'Must be greater than or equal to 1' },
      {
        chart: 'cache',
        section: ['cache'],
        field: 'port',
        description: 'Invalid type. Expected: integer, given: string',
      },
    ]);
    expect(() => renderChart(chart(), { releaseName: 'r', values: { replicas: 0 } as never })).toThrow(
      /replicas: Must be greater than or equal to 1/,
    );
  });

  it('does not check a disabled subchart’s schema', () => {
    const { schemaIssues } = chartValues(chart(), { cache: { enabled: false, port: 'x' } } as never);
    expect(schemaIssues).toEqual([]);
  });

  it('leaves the user values and the chart unmodified', () => {
    const c = chart();
    const user = { image: { pullPolicy: null } };
    chartValues(c, user as never);
    expect(user).toEqual({ image: { pullPolicy: null } });
    expect(c.dependencies).toHaveLength(1);
  });
});
