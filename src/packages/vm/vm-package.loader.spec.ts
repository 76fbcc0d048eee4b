import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { ArchiveFile } from '@marina/go-runtime';
import { readPackageDirectory } from '../package-dir';
import { validateCluster } from './vm-cluster-validate';
import { loadVmPackage, renderCluster } from './vm-package.loader';
import { validateConfigValues } from './vm-config-values';
import { parseConfigTemplate } from './vm-config';
import { placeholderRenderer } from './vm-cluster-render';
import { openPitrixRenderer } from './vm-template.renderer';
import { PackageError } from '../package-error';

const shared = join(__dirname, '../../../../shared');
const vm = join(shared, 'conformance/vm-packages');
const file = (path: string, text: string): ArchiveFile => ({ path, data: Buffer.from(text), mode: 0o644 });
const pkgJson = (name: string) => file('package.json', JSON.stringify({ name, version: '0.1.0' }));
const read = (p: string, as: string) => file(as, readFileSync(join(vm, p), 'utf8'));

describe('loadVmPackage on upstream examples', () => {
  it.each([
    join(shared, 'reference/openpitrix-vm-package/Wordpress'),
    join(vm, 'openpitrix-website-docs/v0.4-guide/Wordpress'),
  ])('loads the WordPress example %s', (dir) => {
    const r = loadVmPackage(readPackageDirectory(dir));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.pkg.metadata).toMatchObject({ name: 'Wordpress', version: '0.1.0', appVersion: '4.9.7' });
    expect(r.pkg.cluster.nodes.map((n) => [n.role, n.cpu, n.memory, n.count])).toEqual([
      ['Mysql', 1, 2048, 1],
      ['Wordpress', 1, 1024, 1],
    ]);
    expect(r.pkg.cluster.nodes[1].services.start).toMatchObject({ order: 1, timeout: 600 });
    expect(r.pkg.cluster.name).toBe('Wordpress');
  });

  it('loads the op create scaffold and the validate_test config', () => {
    for (const dir of ['openpitrix-repo-testdata/op-create-scaffold', 'openpitrix-repo-testdata/validate_test']) {
      const files = [
        pkgJson('app'),
        read(`${dir}/config.json`, 'config.json'),
        read(`${dir}/cluster.json.tmpl`, 'cluster.json.tmpl'),
      ];
      const r = loadVmPackage(files);
      if (!r.ok) throw new Error(`${dir}: ${JSON.stringify(r.issues)}`);
      expect(r.pkg.cluster.nodes[0].volume).toMatchObject({ size: 10, mountPoint: ['/test_data'], filesystem: 'ext4' });
    }
  });

  it("rejects upstream's invalid cluster template (unknown key; count renders to 39999)", () => {
    // After OpenPitrix's rewrite `"count": "{{…count}}"9999` becomes `"count": {{ getv …count }}9999` → 39999.
    const dir = 'openpitrix-repo-testdata/validate_test';
    const files = [
      pkgJson('app'),
      read(`${dir}/config.json`, 'config.json'),
      read(`${dir}/cluster.json.tmpl.INVALID`, 'cluster.json.tmpl'),
    ];
    const r = loadVmPackage(files);
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toEqual([
      ['INVALID_CLUSTER', 'cluster.json:/nodes/0/role2'],
      ['INVALID_CLUSTER', 'cluster.json:/nodes/0/count'],
    ]);
  });

  it('rejects the annotated spec examples (not valid JSON upstream either)', () => {
    const r = loadVmPackage(readPackageDirectory(join(vm, 'openpitrix-website-docs/v0.4-spec')));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.code)).toContain('INVALID_JSON');
  });

  it('validates the rendered HBase cluster used by the vmbased parser tests', () => {
    const raw = JSON.parse(
      readFileSync(join(vm, 'openpitrix-repo-testdata/vmbased_parser_test/hbase.cluster.rendered.json'), 'utf8'),
    );
    const r = validateCluster(raw);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.cluster.nodes.map((n) => n.role)).toEqual(['hbase-master', 'hbase-hdfs-master', 'hbase-slave']);
    expect(r.cluster.nodes[1].services.scale_in.timeout).toBe(86400);
    expect(r.cluster.nodes[0].healthCheck?.checkCmd).toBe('/opt/hbase/bin/health-check.sh');
  });

  it.each(['Harbor/app', 'Tomcat/config'])('renders and validates the AppCenter mustache package %s', (dir) => {
    const d = join(vm, 'qingcloud-appcenter', dir);
    const files = readPackageDirectory(d).concat(pkgJson('appcenter'));
    const r = loadVmPackage(files);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.pkg.clusterTemplate.dialect).toBe('mustache');
    expect(r.pkg.cluster.nodes.length).toBeGreaterThan(1);
  });
});

describe('VM package validation', () => {
  const wordpress = () => readPackageDirectory(join(shared, 'reference/openpitrix-vm-package/Wordpress'));
  const replace = (files: ArchiveFile[], path: string, edit: (s: string) => string) =>
    files.map((f) => (f.path === path ? file(path, edit(f.data.toString())) : f));

  it('reports every missing file', () => {
    const r = loadVmPackage([file('README.md', 'hi')]);
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toEqual([
      ['MISSING_FILE', 'package.json'],
      ['MISSING_FILE', 'config.json'],
      ['MISSING_FILE', 'cluster.json.tmpl'],
    ]);
  });

  it('rejects a default outside min/max/step and an unknown field type', () => {
    const files = replace(wordpress(), 'config.json', (s) =>
      s
        .replace('"default": 2048', '"default": 2049, "min": 2048, "step": 1024')
        .replace('"type": "string"', '"type": "text"'),
    );
    const r = loadVmPackage(files);
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual([
      'config.json:/properties/0/properties/0/type',
      'config.json:/properties/0/properties/3/properties/1/default',
    ]);
  });

  it('rejects a bad version, a bad container type, count over 200 and a blank command', () => {
    let files = replace(wordpress(), 'package.json', (s) => s.replace('"0.1.0"', '"one"'));
    expect(loadVmPackage(files).ok).toBe(false);
    files = replace(wordpress(), 'cluster.json.tmpl', (s) =>
      s
        .replace('"docker"', '"vmware"')
        .replace('"count": 1', '"count": 201')
        .replace(/"cmd": "MYSQL[^"]*"/, '"cmd": "  "'),
    );
    const r = loadVmPackage(files);
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual([
      'cluster.json:/nodes/0/container/type',
      'cluster.json:/nodes/0/count',
      'cluster.json:/nodes/0/services/start/cmd',
    ]);
  });

  it('renders with the template engine (OpenPitrix has only getv: other functions fail to parse)', () => {
    const upper = replace(wordpress(), 'cluster.json.tmpl', (s) =>
      s.replace('"{{.cluster.name}}"', '"{{ .cluster.name | upper }}"'),
    );
    const r = loadVmPackage(upper);
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ['RENDER_FAILED', 'cluster.json.tmpl', expect.stringContaining('function "upper" not defined')],
    ]);
    const conditional = replace(wordpress(), 'cluster.json.tmpl', (s) =>
      s.replace('"count": 1,', '"count": {{ if gt .cluster.Mysql.cpu 1.0 }}2{{ else }}1{{ end }},'),
    );
    const c = loadVmPackage(conditional);
    expect(c.ok ? c.pkg.cluster.nodes[0].count : c.issues).toBe(1);
  });

  it('the built-in placeholder renderer refuses what it cannot execute and agrees with the engine elsewhere', () => {
    const src = wordpress()
      .find((f) => f.path === 'cluster.json.tmpl')!
      .data.toString();
    const r = loadVmPackage(wordpress());
    if (!r.ok) throw new Error('wordpress should load');
    expect(placeholderRenderer(src, r.pkg.defaults, 'go-template')).toBe(
      openPitrixRenderer(src, r.pkg.defaults, 'go-template'),
    );
    expect(() => placeholderRenderer('{"a": {{ if .x }}1{{ end }}}', {}, 'go-template')).toThrow(PackageError);
  });

  it('renders user values at deploy time with JSON typing', () => {
    const r = loadVmPackage(wordpress());
    if (!r.ok) throw new Error('wordpress should load');
    const values = {
      cluster: {
        name: 'blog "x"',
        description: '',
        subnet: 'vxnet-1',
        Mysql: { cpu: 4, memory: 8192 },
        Wordpress: { cpu: 2, memory: 2048 },
      },
    };
    const c = renderCluster(r.pkg.clusterTemplate, values);
    if (!c.ok) throw new Error(JSON.stringify(c.issues));
    expect(c.cluster).toMatchObject({ name: 'blog "x"', subnet: 'vxnet-1' });
    expect(c.cluster.nodes[0]).toMatchObject({ cpu: 4, memory: 8192 });
  });
});

describe('deploy-time config values', () => {
  const loaded = () => {
    const r = loadVmPackage(readPackageDirectory(join(shared, 'reference/openpitrix-vm-package/Wordpress')));
    if (!r.ok) throw new Error('wordpress should load');
    return r.pkg;
  };

  it('fills defaults, converts numeric strings and renders the result', () => {
    const pkg = loaded();
    const r = validateConfigValues(pkg.config, { cluster: { name: 'blog', Mysql: { cpu: '2' } } });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.values.cluster).toMatchObject({
      name: 'blog',
      subnet: '',
      Mysql: { cpu: 2, memory: 2048 },
      Wordpress: { cpu: 1, memory: 1024 },
    });
    const c = renderCluster(pkg.clusterTemplate, r.values);
    expect(c.ok ? c.cluster.nodes[0].cpu : c.issues).toBe(2);
  });

  it('requires required values (except the network, chosen later) ', () => {
    const parsed = parseConfigTemplate({
      type: 'array',
      properties: [
        {
          key: 'cluster',
          type: 'array',
          properties: [
            { key: 'subnet', type: 'string', required: true },
            { key: 'admin_password', type: 'password', required: true },
          ],
        },
      ],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const r = validateConfigValues(parsed.config, {});
    expect(r.ok ? [] : r.issues.map((i) => [i.path, i.message])).toEqual([
      ['config:/cluster/admin_password', '"admin_password" is required'],
    ]);
    expect(validateConfigValues(parsed.config, { cluster: { admin_password: 'x' } }).ok).toBe(true);
  });

  it('reports wrong types and unknown keys', () => {
    const pkg = loaded();
    const r = validateConfigValues(pkg.config, {
      cluster: { Mysql: { cpu: 'many', disk: 5 }, Wordpress: { memory: 1.5 } },
      extra: true,
    });
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual([
      'config:/extra',
      'config:/cluster/Mysql/disk',
      'config:/cluster/Mysql/cpu',
      'config:/cluster/Wordpress/memory',
    ]);
  });
});
