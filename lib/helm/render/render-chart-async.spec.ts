/** Live lookup through repeated render passes. */
import { loadChartFiles } from '../chart/chart-loader';
import { renderChartWithLookup } from './render-chart-async';

const chart = () =>
  loadChartFiles([
    { name: 'Chart.yaml', data: Buffer.from('apiVersion: v2\nname: lk\nversion: 0.1.0\n') },
    {
      name: 'templates/cm.yaml',
      data: Buffer.from(
        [
          '{{- $ns := lookup "v1" "Namespace" "" "prod" }}',
          '{{- $sec := lookup "v1" "Secret" (dig "metadata" "name" "none" $ns) "token" }}',
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata:',
          '  name: lk',
          'data:',
          '  ns: {{ dig "metadata" "name" "absent" $ns | quote }}',
          '  token: {{ dig "data" "token" "absent" $sec | quote }}',
        ].join('\n'),
      ),
    },
  ]);

describe('renderChartWithLookup', () => {
  it('answers lookups from the cluster, including lookups that depend on earlier ones', async () => {
    const calls: string[] = [];
    const r = await renderChartWithLookup(chart(), { releaseName: 'x' }, async (api, kind, ns, name) => {
      calls.push(`${api}/${kind}/${ns}/${name}`);
      if (kind === 'Namespace') return { metadata: { name: 'prod' } } as never;
      if (kind === 'Secret' && ns === 'prod') return { data: { token: 'abc' } } as never;
      return {} as never;
    });
    expect(r.manifests[0].content).toContain('ns: "prod"');
    expect(r.manifests[0].content).toContain('token: "abc"');
    expect(calls).toEqual(['v1/Namespace//prod', 'v1/Secret/none/token', 'v1/Secret/prod/token']);
  });

  it('renders like helm template when nothing exists', async () => {
    const r = await renderChartWithLookup(chart(), { releaseName: 'x' }, async () => ({}) as never);
    expect(r.manifests[0].content).toContain('ns: "absent"');
  });
});
