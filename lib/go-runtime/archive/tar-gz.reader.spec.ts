import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ArchiveError } from './archive-error';
import { readTarGz, readTarGzAsync } from './tar-gz.reader';
import { stripTopDirectory } from './top-directory';
import { writeTar, writeTarGz } from './tar.writer';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ArchiveError) return err.code;
    throw err;
  }
  throw new Error('expected an ArchiveError');
}

describe('readTarGz', () => {
  it('round-trips files written by writeTarGz, including long PAX names', () => {
    const long = 'chart/' + 'dir/'.repeat(20) + 'x'.repeat(120) + '.yaml';
    const input = [
      { path: 'chart/Chart.yaml', data: Buffer.from('name: chart\n') },
      { path: long, data: Buffer.from('k: v\n') },
      { path: 'chart/empty.txt', data: Buffer.alloc(0) },
    ];
    const files = readTarGz(writeTarGz(input));
    expect(files.map((f) => [f.path, f.data.toString()])).toEqual(input.map((f) => [f.path, f.data.toString()]));
  });

  it('reads archives made by GNU tar and rejects a symlink inside one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marina-tar-'));
    try {
      mkdirSync(join(dir, 'pkg', 'templates'), { recursive: true });
      writeFileSync(join(dir, 'pkg', 'Chart.yaml'), 'name: pkg\n');
      writeFileSync(join(dir, 'pkg', 'templates', 'a.yaml'), 'a: 1\n');
      execFileSync('tar', ['-czf', join(dir, 'ok.tgz'), '-C', dir, 'pkg']);
      const rooted = stripTopDirectory(readTarGz(readFileSync(join(dir, 'ok.tgz'))));
      expect(rooted.root).toBe('pkg');
      expect(rooted.files.map((f) => f.path).sort()).toEqual(['Chart.yaml', 'templates/a.yaml']);
      symlinkSync('/etc/passwd', join(dir, 'pkg', 'link'));
      execFileSync('tar', ['-czf', join(dir, 'bad.tgz'), '-C', dir, 'pkg']);
      expect(codeOf(() => readTarGz(readFileSync(join(dir, 'bad.tgz'))))).toBe('LINK_NOT_ALLOWED');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects non-gzip input, oversize input and decompression bombs with typed errors', async () => {
    expect(codeOf(() => readTarGz(Buffer.from('name: x\n')))).toBe('NOT_GZIP');
    const tgz = writeTarGz([{ path: 'p/a', data: Buffer.alloc(4 * 1024 * 1024) }]);
    expect(codeOf(() => readTarGz(tgz, { maxArchiveBytes: 100 }))).toBe('ARCHIVE_TOO_LARGE');
    expect(codeOf(() => readTarGz(tgz))).toBe('COMPRESSION_RATIO_EXCEEDED');
    expect(codeOf(() => readTarGz(tgz, { maxCompressionRatio: 1e6, maxUncompressedBytes: 1024 * 1024 }))).toBe(
      'UNCOMPRESSED_TOO_LARGE',
    );
    await expect(readTarGzAsync(tgz)).rejects.toMatchObject({ code: 'COMPRESSION_RATIO_EXCEEDED' });
  });

  it('rejects traversal, absolute paths and duplicates', () => {
    const raw = (path: string) => gzipSync(writeTar([{ path, data: Buffer.from('x') }]));
    expect(codeOf(() => readTarGz(raw('p/../../etc/passwd')))).toBe('PATH_TRAVERSAL');
    expect(codeOf(() => readTarGz(raw('/etc/passwd')))).toBe('ABSOLUTE_PATH');
    expect(codeOf(() => readTarGz(raw('C:/evil')))).toBe('ABSOLUTE_PATH');
    const dup = writeTarGz([
      { path: 'p/a', data: Buffer.from('1') },
      { path: 'p/./a', data: Buffer.from('2') },
    ]);
    expect(codeOf(() => readTarGz(dup))).toBe('DUPLICATE_PATH');
  });

  it('rejects files at the top level or in two top directories', () => {
    expect(codeOf(() => stripTopDirectory([{ path: 'Chart.yaml', data: Buffer.alloc(0), mode: 0o644 }]))).toBe(
      'MULTIPLE_TOP_LEVEL_ENTRIES',
    );
    const two = ['a/x', 'b/y'].map((path) => ({ path, data: Buffer.alloc(0), mode: 0o644 }));
    expect(codeOf(() => stripTopDirectory(two))).toBe('MULTIPLE_TOP_LEVEL_ENTRIES');
  });
});
