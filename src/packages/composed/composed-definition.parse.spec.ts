import { writeTarGz } from '../archive';
import { detectPackageFormat } from '../package-format';
import { loadPackageArchive } from '../package-loader';
import { parseComposedDefinition } from './composed-definition.parse';
import { deployLayers, layerNames } from './composed-graph';
import { shopAppJson } from './testing/shop.fixture';

const issuesOf = (raw: unknown) => {
  const r = parseComposedDefinition(raw);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('composed definition', () => {
  it('parses the shop app into kinds with defaults', () => {
    const r = parseComposedDefinition(shopAppJson());
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const [web, db, orders, init] = r.definition.nodes;
    expect(web.kind === 'CUSTOM' && web.service).toEqual({
      name: 'shop-web',
      type: 'NodePort',
      ports: [{ port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }],
    });
    expect(web.kind === 'CUSTOM' && web.ingress).toEqual([{ host: 'shop.example.com', path: '/', port: 80 }]);
    expect(web.kind === 'CUSTOM' && web.hostPaths[0].type).toBe('BlockDevice');
    expect(db.kind === 'MIDDLEWARE' && [db.middleware, db.replicas, db.service?.name]).toEqual(['mysql', 1, 'shop-db']);
    expect(orders).toMatchObject({ kind: 'CLOUD_DATABASE', provider: 'kubernetes', serviceName: 'orders' });
    expect(init.kind).toBe('INIT');
  });

  it('orders layers by the arrows: targets first', () => {
    const r = parseComposedDefinition(shopAppJson());
    if (!r.ok) throw new Error('invalid');
    expect(deployLayers(r.definition)).toEqual([['db', 'orders'], ['init'], ['web']]);
    expect(layerNames(r.definition)).toEqual(['db, orders', 'init', 'web']);
  });

  it('rejects a cycle naming its nodes in arrow order', () => {
    const app = shopAppJson();
    app.edges.push({ from: 'db', to: 'web' });
    expect(issuesOf(app)).toContain('app.json:/edges: deployment order has a cycle: web → db → web');
    const three = shopAppJson();
    three.edges = [
      { from: 'web', to: 'init' },
      { from: 'init', to: 'db' },
      { from: 'db', to: 'web' },
    ];
    const found = issuesOf(three).find((m) => m.includes('cycle'));
    expect(found).toMatch(/cycle: (web → init → db → web|init → db → web → init|db → web → init → db)$/);
  });

  it('rejects unknown references, secrets and kinds of field', () => {
    const app = shopAppJson();
    (app.nodes[0].env as Record<string, string>).X = '${nodes.nope.service}';
    (app.nodes[0].env as Record<string, string>).Y = '${secrets.db.token}';
    (app.nodes[0].env as Record<string, string>).Z = '${secrets.web.password}';
    (app.nodes[0].env as Record<string, string>).W = '${nodes.init.service}';
    (app.nodes[0].env as Record<string, string>).V = '${db}';
    (app.nodes[3] as Record<string, unknown>).replicas = 2;
    expect(issuesOf(app)).toEqual(
      expect.arrayContaining([
        'app.json:/nodes/0/env/X: ${nodes.nope.service} names unknown node "nope"',
        'app.json:/nodes/0/env/Y: ${secrets.db.token}: node "db" has no secret "token" (it has rootPassword, username, password, database)',
        'app.json:/nodes/0/env/Z: ${secrets.web.password}: node "web" (CUSTOM) has no generated secrets',
        'app.json:/nodes/0/env/W: ${nodes.init.service}: node "init" has no service',
        'app.json:/nodes/0/env/V: ${db} is not a reference (use ${nodes.<name>.service} or ${secrets.<node>.<key>})',
        'app.json:/nodes/3/replicas: "replicas" does not apply to INIT nodes',
      ]),
    );
  });

  it('checks names, edges, host path types, ports and strategies', () => {
    const app = shopAppJson();
    app.nodes.push({ name: 'db', kind: 'CUSTOM', image: 'x:1' });
    app.nodes.push({ name: 'Bad_Name', kind: 'CUSTOM', image: 'x:1' });
    app.edges.push({ from: 'web', to: 'ghost' }, { from: 'web', to: 'web' });
    const web = app.nodes[0] as Record<string, any>;
    web.hostPaths[0].type = 'Pipe';
    web.service.ports.push({ port: 70000 });
    web.strategy = { type: 'Recreate', maxSurge: 1 };
    const found = issuesOf(app);
    expect(found).toEqual(
      expect.arrayContaining([
        'app.json:/nodes/4/name: node name "db" is used twice',
        expect.stringContaining('app.json:/nodes/5/name: "Bad_Name" must be a DNS label'),
        'app.json:/edges/4/to: edge to unknown node "ghost"',
        'app.json:/edges/5: node "web" cannot deploy after itself',
        expect.stringContaining('app.json:/nodes/0/hostPaths/0/type: "type" must be one of'),
        'app.json:/nodes/0/service/ports/1/port: "port" must be at most 65535',
        'app.json:/nodes/0/strategy/maxSurge: "maxSurge" applies to RollingUpdate only',
      ]),
    );
  });

  it('CLOUD_DATABASE nodes provision mysql or postgresql only', () => {
    const app = shopAppJson();
    (app.nodes[2] as Record<string, unknown>).middleware = 'redis';
    expect(issuesOf(app)).toContain(
      'app.json:/nodes/2/middleware: a CLOUD_DATABASE node provisions mysql or postgresql, not "redis"',
    );
  });
});

describe('composed packages', () => {
  const pkgJson = { name: 'shop', version: '1.0.0', description: 'a shop', type: 'composed' };
  const archive = (files: Record<string, unknown>) =>
    writeTarGz(
      Object.entries(files).map(([path, body]) => ({ path: `shop/${path}`, data: Buffer.from(JSON.stringify(body)) })),
    );

  it('are detected as composed, not VM', () => {
    const file = (path: string, body: unknown) => ({ path, data: Buffer.from(JSON.stringify(body)), mode: 0o644 });
    expect(detectPackageFormat([file('package.json', pkgJson), file('app.json', shopAppJson())])).toBe('composed');
    expect(detectPackageFormat([file('package.json', { name: 'x' }), file('app.json', {})])).toBe('composed');
    expect(detectPackageFormat([file('package.json', { name: 'x' }), file('config.json', {})])).toBe('vm');
  });

  it('load with their definition, and a cycle is a per-file problem', () => {
    const ok = loadPackageArchive(archive({ 'package.json': pkgJson, 'app.json': shopAppJson() }));
    expect(ok.ok && [ok.pkg.format, ok.pkg.name, ok.pkg.version]).toEqual(['composed', 'shop', '1.0.0']);
    const app = shopAppJson();
    app.edges.push({ from: 'db', to: 'web' });
    const bad = loadPackageArchive(archive({ 'package.json': pkgJson, 'app.json': app }));
    expect(bad.ok ? [] : bad.issues).toEqual([
      { code: 'INVALID_COMPOSITION', path: 'app.json:/edges', message: 'deployment order has a cycle: web → db → web' },
    ]);
    const missing = loadPackageArchive(archive({ 'package.json': pkgJson }));
    expect(missing.ok ? [] : missing.issues.map((i) => i.code)).toEqual(['MISSING_FILE']);
  });
});
