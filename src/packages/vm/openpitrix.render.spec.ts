import * as fs from 'fs';
import * as path from 'path';
import { OpenPitrixTemplateError, renderOpenPitrixTemplate, rewriteClusterTemplate } from './openpitrix.render';

const VM = path.resolve(__dirname, '../../../../shared/conformance/vm-packages/openpitrix-repo-testdata');

describe('renderOpenPitrixTemplate', () => {
  it('rewrites quoted placeholders into getv calls', () => {
    expect(rewriteClusterTemplate('{"a": "{{.x}}", "b": "x{{.y}} "}')).toBe('{"a": {{ getv .x}}, "b": "x{{.y}} "}');
    // OpenPitrix replaces every `}}"`, so a placeholder at the end of a longer string loses its quote.
    expect(rewriteClusterTemplate('"x{{.y}}"')).toBe('"x{{.y}}');
  });

  it('renders the validate_test cluster.json.tmpl into JSON with typed values', () => {
    const tmpl = fs.readFileSync(path.join(VM, 'validate_test/cluster.json.tmpl'), 'utf8');
    const values = {
      cluster: {
        name: 'Sample',
        description: 'a "quoted" <desc>',
        subnet: 'vxnet-1',
        role_name1: { cpu: 1, memory: 2048, count: 3, volume_size: 10 },
      },
    };
    const out = renderOpenPitrixTemplate(tmpl, values);
    const parsed = JSON.parse(out);
    expect(parsed.name).toBe('Sample');
    expect(parsed.description).toBe('a "quoted" <desc>');
    expect(out).toContain('"a \\"quoted\\" \\u003cdesc\\u003e"');
    expect(parsed.nodes[0]).toMatchObject({ count: 3, cpu: 1, memory: 2048, volume: { size: 10 } });
  });

  it('renders nil and missing values as null and HTML-escapes unquoted actions', () => {
    const out = renderOpenPitrixTemplate('{"a": "{{.a}}", "b": "{{.missing}}", "c": "x-{{.s}} "}', {
      a: null,
      s: 'A&B',
    });
    expect(out).toBe('{"a": null, "b": null, "c": "x-A&amp;B "}');
  });

  it('reports parse and render failures with typed errors', () => {
    expect(() => renderOpenPitrixTemplate('{"a": "{{.a"}', {})).toThrow(OpenPitrixTemplateError);
    try {
      renderOpenPitrixTemplate('{"a": "{{.a.b.c}}"}', { a: null });
    } catch (e) {
      expect((e as OpenPitrixTemplateError).code).toBe('OPENPITRIX_TEMPLATE_RENDER');
      expect((e as Error).message).toMatch(
        /^failed to render cluster.json: template: render_cluster_config:1:\d+: executing/,
      );
    }
  });
});
