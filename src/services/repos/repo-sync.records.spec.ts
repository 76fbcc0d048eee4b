import { AppType } from '../../entities/enums';
import { parseRepoIndex } from '../../repos/index/repo-index.parse';
import { diffIndex } from '../../repos/sync/index-diff';
import { appRecords, appTypeOf, rankKey, versionRecords } from './repo-sync.records';

const index = parseRepoIndex(`apiVersion: v1
entries:
  web:
    - name: web
      version: 1.10.0
      appVersion: "2.0"
      description: newest
      home: https://web.example
      keywords: [a, b]
      maintainers: [{ name: M, email: m@example.com }]
      urls: [web-1.10.0.tgz]
      digest: ${'A'.repeat(64)}
    - name: web
      version: 1.9.0
      description: older
      urls: [https://cdn.example/web-1.9.0.tgz]
      digest: ${'b'.repeat(64)}
  tpl:
    - name: tpl
      version: 0.1.0
      annotations: { marina.io/package-type: template }
      urls: []
`);

describe('sync records', () => {
  const plan = diffIndex(
    { checksum: null, apps: new Map([['web', new Map([['1.9.0', 'b'.repeat(64)]])]]) },
    index,
    'sum',
  );

  it('derive app rows from the newest version of each chart', () => {
    expect(appRecords(plan)).toEqual([
      {
        name: 'tpl',
        type: AppType.TEMPLATE,
        description: null,
        home: null,
        icon: null,
        keywords: [],
        sources: [],
        screenshots: [],
        maintainers: null,
      },
      {
        name: 'web',
        type: AppType.HELM,
        description: 'newest',
        home: 'https://web.example',
        icon: null,
        keywords: ['a', 'b'],
        sources: [],
        screenshots: [],
        maintainers: [{ name: 'M', email: 'm@example.com' }],
      },
    ]);
  });

  it('derive version rows for new versions only, ranked by SemVer, with a package reference and lower-case digest', () => {
    const ranks = new Map([
      [rankKey('web', '1.10.0'), 2],
      [rankKey('web', '1.9.0'), 1],
      [rankKey('tpl', '0.1.0'), 1],
    ]);
    const rows = versionRecords(plan, ranks);
    expect(rows.map((r) => [r.app, r.version, r.seq, r.package_ref, r.digest])).toEqual([
      ['tpl', '0.1.0', 1, 'tpl-0.1.0.tgz', ''],
      ['web', '1.10.0', 2, 'web-1.10.0.tgz', 'a'.repeat(64)],
    ]);
    expect(rows[1].metadata).toMatchObject({
      name: 'web',
      version: '1.10.0',
      appVersion: '2.0',
      urls: ['web-1.10.0.tgz'],
    });
  });

  it('VM indexes make VM apps', () => {
    const vm = parseRepoIndex('api_version: v1\nentries:\n  wp:\n    - name: wp\n      version: 0.1.0\n');
    expect(appTypeOf(vm.format, vm.entries.get('wp')![0])).toBe(AppType.VM);
  });

  it('composed packages are marked in Helm indexes and make COMPOSED apps', () => {
    const composed = parseRepoIndex(
      'apiVersion: v1\nentries:\n  shop:\n    - name: shop\n      version: 1.0.0\n      annotations: { marina.io/package-type: composed }\n',
    );
    expect(appTypeOf(composed.format, composed.entries.get('shop')![0])).toBe(AppType.COMPOSED);
  });
});
