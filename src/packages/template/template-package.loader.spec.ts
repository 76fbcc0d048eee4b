import { join } from 'node:path';
import type { ArchiveFile } from '@marina/go-runtime';
import { readPackageDirectory } from '../package-dir';
import { loadTemplatePackage, renderTemplatePackage } from './template-package.loader';

const fixture = join(__dirname, '../../../test/fixtures/packages/nginx-template');
const file = (path: string, text: string): ArchiveFile => ({ path, data: Buffer.from(text), mode: 0o644 });
const edit = (files: ArchiveFile[], path: string, fn: (s: string) => string) =>
  files.map((f) => (f.path === path ? file(path, fn(f.data.toString())) : f));

describe('Kubernetes YAML template packages', () => {
  it('loads the fixture and renders user values into Kubernetes objects', () => {
    const r = loadTemplatePackage(readPackageDirectory(fixture));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.pkg.metadata.variables.map((v) => [v.name, v.default, v.required, v.secret])).toEqual([
      ['DOCKER_IMAGE', 'nginx:1.27', true, false],
      ['REPLICAS', '2', false, false],
      ['ADMIN_PASSWORD', undefined, true, true],
    ]);
    const out = renderTemplatePackage(
      r.pkg,
      { ADMIN_PASSWORD: 's3cret', REPLICAS: '3' },
      { APP_NAME: 'shop', NAMESPACE: 'prod' },
    );
    if (!out.ok) throw new Error(JSON.stringify(out.issues));
    expect(out.objects.map((o) => `${o.kind}/${o.metadata.name}@${o.metadata.namespace}`)).toEqual([
      'Deployment/shop@prod',
      'Service/shop@prod',
      'Secret/shop-auth@prod',
    ]);
    expect((out.objects[0].spec as { replicas: number }).replicas).toBe(3);
  });

  it('reports a missing required value and an undeclared value', () => {
    const r = loadTemplatePackage(readPackageDirectory(fixture));
    if (!r.ok) throw new Error('fixture should load');
    const out = renderTemplatePackage(r.pkg, { NOPE: 'x' }, { APP_NAME: 'shop', NAMESPACE: 'prod' });
    expect(out.ok ? [] : out.issues.map((i) => i.message)).toEqual([
      'value given for undeclared variable NOPE',
      'variable ADMIN_PASSWORD is required',
    ]);
  });

  it('rejects undeclared placeholders, non-placeholder actions, bad YAML and non-objects', () => {
    const base = readPackageDirectory(fixture);
    const cases: Array<[ArchiveFile[], string, string]> = [
      [
        edit(base, 'templates/service.yaml', (s) => s.replace('port: 80', 'port: {{ PORT }}')),
        'INVALID_TEMPLATE',
        'templates/service.yaml',
      ],
      [
        edit(base, 'templates/service.yaml', (s) => s.replace('port: 80', 'port: {{ .Values.port }}')),
        'INVALID_TEMPLATE',
        'templates/service.yaml',
      ],
      [
        edit(base, 'templates/service.yaml', (s) => s.replace('  selector:', ' selector: [')),
        'INVALID_YAML',
        'templates/service.yaml',
      ],
      [
        edit(base, 'templates/service.yaml', (s) => s.replace('kind: Service', 'kind: 42')),
        'INVALID_TEMPLATE',
        'templates/service.yaml#1:/kind',
      ],
      [
        edit(base, 'templates/service.yaml', (s) => s.replace('name: {{ APP_NAME }}', 'name: Bad_Name')),
        'INVALID_TEMPLATE',
        'templates/service.yaml#1:/metadata/name',
      ],
      [edit(base, 'package.json', (s) => s.replace('"template"', '"helm"')), 'INVALID_METADATA', 'package.json:/type'],
      [base.filter((f) => !f.path.startsWith('templates/')), 'MISSING_FILE', 'templates/'],
    ];
    for (const [files, code, path] of cases) {
      const r = loadTemplatePackage(files);
      expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toContainEqual([code, path]);
    }
  });

  it('rejects a YAML alias bomb in a template', () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x,x]',
      ...'bcdefghi'.split('').map(
        (k, i) =>
          `${k}: &${k} [${Array(10)
            .fill('*' + 'abcdefghi'[i])
            .join(',')}]`,
      ),
    ].join('\n');
    const files = edit(
      readPackageDirectory(fixture),
      'templates/service.yaml',
      () => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  ${bomb.replace(/\n/g, '\n  ')}\n`,
    );
    const r = loadTemplatePackage(files);
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toContain('YAML_ALIAS_LIMIT');
  });
});

describe('DOCKER_IMAGE, a built-in variable', () => {
  const files = (template: string, variables = '[]') => [
    file('package.json', `{"name":"img","version":"1.0.0","type":"template","variables":${variables}}`),
    file('template.yaml', template),
  ];
  const pod =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "{{ APP_NAME }}"\nspec:\n  containers:\n    - name: c\n      image: "{{ DOCKER_IMAGE }}"\n';

  it('may be used without being declared, and takes the value the user gives', () => {
    const r = loadTemplatePackage(files(pod));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const out = renderTemplatePackage(r.pkg, { DOCKER_IMAGE: 'nginx:1.27' }, { APP_NAME: 'p', NAMESPACE: 'n' });
    if (!out.ok) throw new Error(JSON.stringify(out.issues));
    expect(out.manifest).toContain('image: "nginx:1.27"');
  });

  it('is required when used and not given (no default declared)', () => {
    const r = loadTemplatePackage(files(pod));
    if (!r.ok) throw new Error('should load');
    const out = renderTemplatePackage(r.pkg, {}, { APP_NAME: 'p', NAMESPACE: 'n' });
    expect(out.ok ? [] : out.issues.map((i) => i.message)).toEqual([
      'variable DOCKER_IMAGE is required: the templates use {{ DOCKER_IMAGE }}',
    ]);
  });

  it('takes a declared default', () => {
    const r = loadTemplatePackage(files(pod, '[{"name":"DOCKER_IMAGE","default":"busybox:1"}]'));
    if (!r.ok) throw new Error('should load');
    const out = renderTemplatePackage(r.pkg, {}, { APP_NAME: 'p', NAMESPACE: 'n' });
    expect(out.ok && out.manifest).toContain('image: "busybox:1"');
  });
});

describe("seed 004's templates (test/fixtures/packages)", () => {
  const dir = (name: string) => join(__dirname, '../../../test/fixtures/packages', name);

  it('loads the elasticsearch template written for apps/v1beta1 and renders it with the built-ins', () => {
    const r = loadTemplatePackage(readPackageDirectory(dir('elasticsearch-template')));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const out = renderTemplatePackage(r.pkg, {}, { APP_NAME: 'es', NAMESPACE: 'apps' });
    if (!out.ok) throw new Error(JSON.stringify(out.issues));
    expect(out.objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`)).toEqual([
      'apps/v1beta1 Deployment/es',
      'v1 Service/es',
    ]);
    expect(out.manifest).toContain('image: elasticsearch:5.6.16');
  });

  it('loads the WordPress template; its database password is a required secret', () => {
    const r = loadTemplatePackage(readPackageDirectory(dir('wordpress-template')));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.pkg.metadata.variables.find((v) => v.name === 'DB_PASSWORD')).toMatchObject({
      required: true,
      secret: true,
    });
  });
});
