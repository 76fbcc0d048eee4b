import { compareVersions, sortNewestFirst } from '../../packages/package-version';
import { parseRepoIndex } from './repo-index.parse';
import { IndexError } from './repo-index.types';
import { serializeIndex, writableFromParsed } from './repo-index.write';
import { diffIndex } from '../sync/index-diff';

describe('version order (Masterminds semver, as Helm sorts)', () => {
  it('orders releases, pre-releases, loose and leading-zero forms', () => {
    const sorted = sortNewestFirst(
      ['1.0.0', '1.0.0-rc.1', '1.0.0-alpha', '1.10.0', '1.2', 'v2.0.0', '0.46.00', '1.0.0-rc.10', 'junk'].map(
        (version) => ({ version }),
      ),
    );
    expect(sorted.map((s) => s.version)).toEqual([
      'v2.0.0',
      '1.10.0',
      '1.2',
      '1.0.0',
      '1.0.0-rc.10',
      '1.0.0-rc.1',
      '1.0.0-alpha',
      '0.46.00',
      'junk',
    ]);
    expect(compareVersions('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
  });
});

const INDEX = `apiVersion: v1
entries:
  web:
  - apiVersion: v2
    appVersion: "1.0"
    created: "2024-01-02T03:04:05.123456789Z"
    description: Web app
    digest: ${'a'.repeat(64)}
    name: web
    urls:
    - web-1.0.0.tgz
    version: 1.0.0
  - apiVersion: v2
    name: web
    version: 1.1.0
    digest: ${'b'.repeat(64)}
    urls: [web-1.1.0.tgz]
  - name: web
    version: not-semver
  db:
  - name: db
    version: 0.1.0
    urls: [db-0.1.0.tgz]
generated: "2024-01-02T03:04:05Z"
`;

describe('parseRepoIndex', () => {
  it('reads entries newest first and skips invalid ones like Helm', () => {
    const index = parseRepoIndex(INDEX);
    expect(index.format).toBe('helm');
    expect(index.entries.get('web')!.map((e) => e.version)).toEqual(['1.1.0', '1.0.0']);
    expect(index.entries.get('web')![1]).toMatchObject({
      appVersion: '1.0',
      description: 'Web app',
      urls: ['web-1.0.0.tgz'],
    });
    expect(index.skipped).toEqual([
      { name: 'web', version: 'not-semver', reason: 'version "not-semver" is not SemVer' },
    ]);
  });

  it('accepts JSON indexes and rejects hostile or malformed ones', () => {
    expect(parseRepoIndex('{"apiVersion":"v1","entries":{}}').entries.size).toBe(0);
    const bad = [
      '',
      'just a string',
      'entries: {}',
      'apiVersion: v1\nentries: [1]',
      `apiVersion: v1\nx: ${'['.repeat(2000)}`,
    ];
    for (const text of bad) expect(() => parseRepoIndex(text)).toThrow(IndexError);
    expect(() => parseRepoIndex(Buffer.from([0x61, 0x3a, 0x20, 0xff]))).toThrow(IndexError);
  });

  it('neutralises alias bombs in entry metadata', () => {
    const levels = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(',')}]`,
      );
    const text = `apiVersion: v1\nbomb:\n  ${levels.join('\n  ')}\nentries:\n  x:\n  - name: x\n    version: 1.0.0\n    annotations: *l8\n`;
    const index = parseRepoIndex(text);
    expect(index.entries.size).toBe(0);
    expect(index.skipped[0].reason).toContain('too large');
  });
});

describe('serializeIndex', () => {
  it('round-trips entries and writes sorted keys with yaml.v2 quoting', () => {
    const index = parseRepoIndex(INDEX);
    const text = serializeIndex(
      'helm',
      [...index.entries.values()].flat().map(writableFromParsed),
      '2025-01-01T00:00:00Z',
    );
    expect(text).toContain(
      '  - apiVersion: v2\n    appVersion: "1.0"\n    created: "2024-01-02T03:04:05.123456789Z"\n',
    );
    expect(text.endsWith('generated: "2025-01-01T00:00:00Z"\n')).toBe(true);
    const again = parseRepoIndex(text);
    expect([...again.entries].map(([k, v]) => [k, v.map((e) => e.version)])).toEqual([
      ['db', ['0.1.0']],
      ['web', ['1.1.0', '1.0.0']],
    ]); // names sorted, like helm
  });
});

describe('diffIndex', () => {
  it('creates, updates, keeps and deletes by version and digest', () => {
    const index = parseRepoIndex(INDEX);
    const previous = {
      checksum: 'old',
      apps: new Map([
        [
          'web',
          new Map([
            ['1.0.0', 'a'.repeat(64)],
            ['1.1.0', 'c'.repeat(64)],
            ['0.9.0', 'd'.repeat(64)],
          ]),
        ],
        ['gone', new Map([['1.0.0', 'e'.repeat(64)]])],
      ]),
    };
    const plan = diffIndex(previous, index, 'new');
    expect(plan.apps.map((a) => [a.name, a.latest.version])).toEqual([
      ['db', '0.1.0'],
      ['web', '1.1.0'],
    ]);
    expect(plan.versions.map((v) => [v.app, v.entry.version, v.change])).toEqual([
      ['db', '0.1.0', 'create'],
      ['web', '1.1.0', 'update'],
    ]);
    expect(plan.unchangedVersions).toBe(1);
    expect(plan.deleteVersions).toEqual([
      { app: 'web', version: '0.9.0' },
      { app: 'gone', version: '1.0.0' },
    ]);
    expect(plan.deleteApps).toEqual(['gone']);
  });
});
