import { loadPackageArchive } from '../../packages/package-loader';
import { imageAppArchive, imageAppDocument, imageAppProblems } from './image-app';

const base = { runtimeId: 'r', name: 'hello', image: 'nginx:1.27' };

describe('deploy from image: the one-node app', () => {
  it('makes a CUSTOM node with a service only when ports are given', () => {
    expect(imageAppDocument(base)).toEqual({
      nodes: [{ name: 'hello', kind: 'CUSTOM', image: 'nginx:1.27' }],
      edges: [],
    });
    const withPorts = imageAppDocument({
      ...base,
      ports: [{ port: 80, targetPort: 8080, nodePort: null }],
      serviceType: 'NodePort',
      replicas: 3,
      command: ['nginx'],
    });
    expect(withPorts.nodes[0]).toEqual({
      name: 'hello',
      kind: 'CUSTOM',
      image: 'nginx:1.27',
      service: { name: 'hello', type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }] },
      command: ['nginx'],
      replicas: 3,
    });
  });

  it('names problems by input field', () => {
    expect(imageAppProblems({ ...base, env: { X: '${nodes.db.service}' } }).map((p) => [p.path, p.message])).toEqual([
      ['input.env.X', '${nodes.db.service} names unknown node "db"'],
    ]);
    expect(imageAppProblems({ ...base, strategy: { type: 'Blue' } }).map((p) => p.path)).toEqual([
      'input.strategy.type',
    ]);
    expect(imageAppProblems({ ...base, serviceType: 'NodePort' }).map((p) => p.message)).toEqual([
      'a service type needs ports',
    ]);
    expect(imageAppProblems(base)).toEqual([]);
  });

  it('packages it as a composed package', () => {
    const loaded = loadPackageArchive(imageAppArchive(base, '1.0.2'));
    expect(loaded.ok && [loaded.pkg.format, loaded.pkg.name, loaded.pkg.version, loaded.pkg.description]).toEqual([
      'composed',
      'hello',
      '1.0.2',
      'Deployed from image nginx:1.27',
    ]);
  });
});
