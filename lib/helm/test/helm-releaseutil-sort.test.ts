/**
 * Helm v3.21.4 pkg/releaseutil manifest and kind sorter tests replayed against our sorter.
 */
import { INSTALL_ORDER, UNINSTALL_ORDER, sortByKind, sortManifests, splitManifests } from '../render/manifest-sorter';

const kinds: Array<[string, string]> = [
  ['U', 'IngressClass'],
  ['E', 'SecretList'],
  ['i', 'ClusterRole'],
  ['I', 'ClusterRoleList'],
  ['j', 'ClusterRoleBinding'],
  ['J', 'ClusterRoleBindingList'],
  ['f', 'ConfigMap'],
  ['u', 'CronJob'],
  ['2', 'CustomResourceDefinition'],
  ['n', 'DaemonSet'],
  ['r', 'Deployment'],
  ['!', 'HonkyTonkSet'],
  ['v', 'Ingress'],
  ['t', 'Job'],
  ['c', 'LimitRange'],
  ['a', 'Namespace'],
  ['A', 'NetworkPolicy'],
  ['g', 'PersistentVolume'],
  ['h', 'PersistentVolumeClaim'],
  ['o', 'Pod'],
  ['3', 'PodDisruptionBudget'],
  ['C', 'PodSecurityPolicy'],
  ['q', 'ReplicaSet'],
  ['p', 'ReplicationController'],
  ['b', 'ResourceQuota'],
  ['k', 'Role'],
  ['K', 'RoleList'],
  ['l', 'RoleBinding'],
  ['L', 'RoleBindingList'],
  ['e', 'Secret'],
  ['m', 'Service'],
  ['d', 'ServiceAccount'],
  ['s', 'StatefulSet'],
  ['1', 'StorageClass'],
  ['w', 'APIService'],
  ['x', 'HorizontalPodAutoscaler'],
  ['F', 'PriorityClass'],
];
const names = (list: Array<[string, string]>) => list.map(([n]) => n).join('');

describe('releaseutil kind sorter', () => {
  it('TestKindSorter install', () =>
    expect(names(sortByKind(kinds, ([, k]) => k, INSTALL_ORDER))).toBe('FaAbcC3deEf1gh2iIjJkKlLmnopqrxstuUvw!'));
  it('TestKindSorter uninstall', () =>
    expect(names(sortByKind(kinds, ([, k]) => k, UNINSTALL_ORDER))).toBe('wvUmutsxrqponLlKkJjIi2hg1fEed3CcbAaF!'));
  it('does not modify its input', () => {
    const copy = [...kinds];
    sortByKind(kinds, ([, k]) => k);
    expect(kinds).toEqual(copy);
  });
  it('TestKindSorterKeepOriginalOrder', () => {
    const list: Array<[string, string]> = [
      ['a', 'ClusterRole'],
      ['A', 'ClusterRole'],
      ['0', 'ConfigMap'],
      ['1', 'ConfigMap'],
      ['z', 'ClusterRoleBinding'],
      ['!', 'ClusterRoleBinding'],
      ['u2', 'Unknown'],
      ['u1', 'Unknown'],
      ['t3', 'Unknown2'],
    ];
    expect(names(sortByKind(list, ([, k]) => k))).toBe('01aAz!u2u1t3');
  });
  it('TestKindSorterNamespaceAgainstUnknown', () => {
    expect(
      names(
        sortByKind(
          [
            ['a', 'Unknown'],
            ['b', 'Namespace'],
          ],
          ([, k]) => k,
        ),
      ),
    ).toBe('ba');
  });
  it('TestKindSorterForHooks', () => {
    const hooks: Array<[string, string]> = [
      ['i', 'ClusterRole'],
      ['j', 'ClusterRoleBinding'],
      ['c', 'LimitRange'],
      ['a', 'Namespace'],
    ];
    expect(names(sortByKind(hooks, ([, k]) => k, INSTALL_ORDER))).toBe('acij');
    expect(names(sortByKind(hooks, ([, k]) => k, UNINSTALL_ORDER))).toBe('jica');
  });
});

describe('releaseutil TestSortManifests', () => {
  const data: Array<{ path: string; manifest: string; hooks: Record<string, string[] | null> }> = [
    {
      path: 'one',
      hooks: { first: ['pre-install'] },
      manifest:
        'apiVersion: v1\nkind: Job\nmetadata:\n  name: first\n  labels:\n    doesnot: matter\n  annotations:\n    "helm.sh/hook": pre-install\n',
    },
    {
      path: 'two',
      hooks: { second: ['post-install'] },
      manifest:
        'kind: ReplicaSet\napiVersion: v1beta1\nmetadata:\n  name: second\n  annotations:\n    "helm.sh/hook": post-install\n',
    },
    {
      path: 'three',
      hooks: { third: null },
      manifest:
        'kind: ReplicaSet\napiVersion: v1beta1\nmetadata:\n  name: third\n  annotations:\n    "helm.sh/hook": no-such-hook\n',
    },
    {
      path: 'four',
      hooks: { fourth: null },
      manifest: 'kind: Pod\napiVersion: v1\nmetadata:\n  name: fourth\n  annotations:\n    nothing: here',
    },
    {
      path: 'five',
      hooks: { fifth: ['post-delete', 'post-install'] },
      manifest:
        'kind: ReplicaSet\napiVersion: v1beta1\nmetadata:\n  name: fifth\n  annotations:\n    "helm.sh/hook": post-delete, post-install\n',
    },
    { path: 'six/_six', hooks: { sixth: null }, manifest: 'invalid manifest' },
    { path: 'seven', hooks: { seventh: null }, manifest: '' },
    {
      path: 'eight',
      hooks: { eighth: null, 'example-test': ['test'] },
      manifest:
        'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: eighth\ndata:\n  name: value\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: example-test\n  annotations:\n    "helm.sh/hook": test\n',
    },
  ];
  const { hooks, manifests } = sortManifests(new Map(data.map((d) => [d.path, d.manifest])));
  it('separates 2 manifests and 4 hooks (unknown hooks, partials and empty files dropped)', () => {
    expect(manifests).toHaveLength(2);
    expect(hooks).toHaveLength(4);
  });
  it('reports each hook with its path, name and events', () => {
    for (const h of hooks) {
      const d = data.find((x) => x.path === h.path);
      expect(d).toBeDefined();
      expect(d?.hooks[h.name]).toEqual(h.events);
    }
  });
  it('orders the manifests by kind', () => {
    expect(manifests.map((m) => m.head.kind)).toEqual(['ConfigMap', 'Pod']);
    expect(manifests[0].content).toBe(splitManifests(data[7].manifest)[0]);
  });
});
