import { describeProblem, parseRawYaml } from './raw-yaml';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`;

describe('parseRawYaml', () => {
  it('reads every document as a Kubernetes object, with its document index (empty documents counted)', () => {
    const r = parseRawYaml(`${DEPLOYMENT}---\n---\napiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: {}\n`);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.objects.map((o) => [o.document, o.object.kind])).toEqual([
      [1, 'Deployment'],
      [3, 'Service'],
    ]);
  });

  it('names the document and line of a syntax error', () => {
    const r = parseRawYaml(
      `${DEPLOYMENT}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: b: c\n`,
    );
    expect(r.ok).toBe(false);
    const [p] = r.ok ? [] : r.problems;
    expect(p.document).toBe(2);
    expect(p.line).toBe(16);
    expect(describeProblem(p)).toMatch(/^document 2, line 16: /);
  });

  it('names documents that are not Kubernetes objects, and duplicate keys', () => {
    const r = parseRawYaml('- a\n- b\n---\nkind: Service\nmetadata: { name: Bad_Name }\n---\na: 1\na: 2\n');
    expect(r.ok ? [] : r.problems.map(describeProblem)).toEqual([
      'document 1, line 1: /: a document must be a mapping (a Kubernetes object)',
      'document 2, line 4: /apiVersion: apiVersion must be a non-empty string',
      expect.stringMatching(
        /^document 2, line 4: \/metadata\/name: metadata.name "Bad_Name" must be a DNS-1123 subdomain/,
      ),
      expect.stringMatching(/^document 3, line 8: Map keys must be unique/),
    ]);
  });

  it('refuses a text without objects', () => {
    expect(parseRawYaml('---\n# nothing\n')).toEqual({
      ok: false,
      problems: [{ document: 1, line: null, message: 'the text has no Kubernetes object' }],
    });
  });
});
