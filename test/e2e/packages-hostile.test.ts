/**
 * C5: every archive of the hostile corpus (test/fixtures/hostile/generate-hostile.js) is
 * rejected by the package loader with its typed PackageError code, and no hostile input makes
 * the loader throw or hang.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPackageArchive } from '../../src/packages/package-loader';
import { PACKAGE_ERROR_CODES } from '../../src/packages/package-error';
import { writeTarGz } from '../../src/packages/archive';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain-JS generator shared with the CLI
const { generateHostile } = require('../fixtures/hostile/generate-hostile.js') as {
  generateHostile(dir: string): Array<{ file: string; code: string; attack: string; bytes: number }>;
};

const dir = mkdtempSync(join(tmpdir(), 'marina-hostile-'));
const corpus = generateHostile(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile package corpus', () => {
  it('accepts a benign chart built the same way (control case)', () => {
    const benign = writeTarGz([
      { path: 'evil/Chart.yaml', data: Buffer.from('apiVersion: v2\nname: evil\nversion: 0.1.0\n') },
      { path: 'evil/values.yaml', data: Buffer.from('a: [1, 2, {b: c}]\n') },
      { path: 'evil/templates/cm.yaml', data: Buffer.from('kind: ConfigMap\n') },
    ]);
    const result = loadPackageArchive(benign);
    expect(result.ok ? [result.pkg.format, result.pkg.name, result.pkg.version] : result.issues).toEqual([
      'helm',
      'evil',
      '0.1.0',
    ]);
  });

  it('has a case for every attack named in C5', () => {
    const codes = new Set(corpus.map((c) => c.code));
    for (const code of [
      'ARCHIVE_TOO_LARGE',
      'TOO_MANY_FILES',
      'COMPRESSION_RATIO_EXCEEDED',
      'ABSOLUTE_PATH',
      'PATH_TRAVERSAL',
      'LINK_NOT_ALLOWED',
      'SPECIAL_FILE_NOT_ALLOWED',
      'YAML_ALIAS_LIMIT',
      'YAML_TOO_DEEP',
      'INVALID_UTF8',
    ]) {
      expect(codes).toContain(code);
    }
    for (const c of corpus) expect(PACKAGE_ERROR_CODES).toContain(c.code);
  });

  it.each(corpus.map((c) => [c.file, c.code, c.attack] as const))('%s is rejected with %s (%s)', (file, code) => {
    const result = loadPackageArchive(readFileSync(join(dir, file)));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => i.code)).toContain(code);
      for (const issue of result.issues) expect(typeof issue.message).toBe('string');
    }
  });
});
