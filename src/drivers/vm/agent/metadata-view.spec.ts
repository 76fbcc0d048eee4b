import { DriverError } from '../../../jobs/errors';
import type { ClusterMetadata } from '../vm-agent.types';
import { fromEntries, toEntries } from './metadata-keys';
import { nodeView } from './metadata-view';

const metadata: ClusterMetadata = {
  cluster: { cluster_id: 'cl-1', name: 'wp', app_version: 'v1' },
  hosts: {
    mysql: [
      { node_id: 'n-1', instance_id: 'i-1', ip: '10.0.0.3', role: 'mysql', cpu: 1, memory: 1024, volume_size: 10 },
    ],
    wordpress: [
      { node_id: 'n-3', instance_id: 'i-3', ip: '10.0.0.5', role: 'wordpress', cpu: 1, memory: 512 },
      { node_id: 'n-2', instance_id: 'i-2', ip: '10.0.0.4', role: 'wordpress', cpu: 1, memory: 512 },
    ],
  },
  env: { '*': { admin: 'root' }, mysql: { port: 3306 } },
  links: { db: 'cl-0' },
};

describe('nodeView', () => {
  it('is the whole metadata plus the node itself as self', () => {
    const view = nodeView(metadata, 'n-2');
    expect(view.self).toEqual(metadata.hosts.wordpress[1]);
    expect(view.hosts).toBe(metadata.hosts);
    expect(view.env).toEqual(metadata.env);
    expect(view.cluster.cluster_id).toBe('cl-1');
  });

  it('refuses a node that is not in the metadata', () => {
    expect(() => nodeView(metadata, 'n-9')).toThrow(DriverError);
    expect(() => nodeView(metadata, 'n-9')).toThrow(/n-9 is not a host of cluster cl-1/);
  });
});

describe('metadata keys', () => {
  it('lays keys out under /clusters/<id>/ and reads them back (hosts ordered by node id)', () => {
    const entries = toEntries('/clusters/', 'cl-1', metadata);
    expect(entries.map(([k]) => k)).toEqual([
      '/clusters/cl-1/cluster',
      '/clusters/cl-1/hosts/mysql/n-1',
      '/clusters/cl-1/hosts/wordpress/n-3',
      '/clusters/cl-1/hosts/wordpress/n-2',
      '/clusters/cl-1/env/*',
      '/clusters/cl-1/env/mysql',
      '/clusters/cl-1/links',
    ]);
    const back = fromEntries('/clusters/', 'cl-1', entries);
    expect(back).toEqual({
      ...metadata,
      hosts: { ...metadata.hosts, wordpress: [metadata.hosts.wordpress[1], metadata.hosts.wordpress[0]] },
    });
    expect(fromEntries('/clusters/', 'cl-2', entries)).toBeNull();
  });

  it('refuses ids that would escape their key segment, and duplicate nodes', () => {
    expect(() => toEntries('/clusters/', '../x', metadata)).toThrow(/cluster id/);
    const bad = { ...metadata, hosts: { mysql: [metadata.hosts.mysql[0], metadata.hosts.mysql[0]] } };
    expect(() => toEntries('/clusters/', 'cl-1', bad)).toThrow(/listed twice/);
    const slash = { ...metadata, hosts: { mysql: [{ ...metadata.hosts.mysql[0], node_id: 'a/b' }] } };
    expect(() => toEntries('/clusters/', 'cl-1', slash)).toThrow(/node id "a\/b"/);
  });
});
