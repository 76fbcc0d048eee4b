import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundle } from './bundle-loader';

describe('loadBundle', () => {
  let dir: string;
  let file: string;
  let cache: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'marina-bundle-loader-'));
    file = join(dir, 'bundle.js');
    cache = join(dir, 'cache');
    writeFileSync(join(dir, 'dep.js'), 'exports.answer = 42;\n');
    // A lazily compiled inner function (what Node's own compile cache leaves out).
    // A unique source per test: V8's in-process compilation cache would otherwise serve the script
    // without looking at the cached data at all.
    writeFileSync(
      file,
      [
        "'use strict';",
        `// ${dir}`,
        "const dep = require('./dep');",
        'exports.name = __filename;',
        'exports.isModuleThis = this === module.exports;',
        "exports.later = function later(x) { return [x, dep.answer, require('node:path').basename(__dirname)]; };",
      ].join('\n'),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const entries = (): string[] => readdirSync(cache).filter((n) => n.endsWith('.v8'));

  it('requires the file like Node (own module, relative require, __filename/__dirname, this)', () => {
    const b = loadBundle(file, null, '--no-opt');
    const e = b.exports as { name: string; isModuleThis: boolean; later(x: number): unknown[] };
    expect(e.name).toBe(file);
    expect(e.isModuleThis).toBe(true);
    expect(e.later(1)).toEqual([1, 42, dir.split('/').pop()]);
    b.saveCodeCache(); // no cache dir: nothing to do, no error
  });

  it('writes a code cache after the run, uses it next time without rewriting it', () => {
    const first = loadBundle(file, cache, '--no-opt');
    (first.exports as { later(x: number): unknown }).later(1);
    first.saveCodeCache();
    expect(entries()).toHaveLength(1);
    const entry = join(cache, entries()[0]);
    const written = statSync(entry).mtimeMs;
    const second = loadBundle(file, cache, '--no-opt');
    expect((second.exports as { later(x: number): unknown[] }).later(2)).toEqual([2, 42, dir.split('/').pop()]);
    second.saveCodeCache();
    expect(statSync(entry).mtimeMs).toBe(written);
  });

  it('a corrupt entry is rejected by V8 and replaced; the module still loads', () => {
    // Fresh processes (with the same flags, which name the entry): in this one V8 would serve the
    // script from its in-memory compilation cache without looking at the cached data.
    const root = join(__dirname, '../..');
    const script =
      `const b = require(${JSON.stringify(join(__dirname, 'bundle-loader.ts'))}).loadBundle(${JSON.stringify(file)}, ${JSON.stringify(cache)}, '--no-opt');` +
      'process.stdout.write(String(b.exports.later(3)[1])); b.saveCodeCache();';
    const child = () =>
      spawnSync(join(root, 'node_modules/.bin/node'), ['-r', join(root, 'scripts/swc-register.js'), '-e', script], {
        encoding: 'utf8',
      });
    const first = child();
    expect(first.stderr).toBe('');
    expect(entries()).toHaveLength(1);
    const entry = join(cache, entries()[0]);
    writeFileSync(entry, Buffer.from('not a code cache'));
    const r = child();
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('42');
    expect(entries()).toHaveLength(1);
    expect(readFileSync(entry).toString('utf8')).not.toBe('not a code cache');
    expect(readFileSync(entry).length).toBeGreaterThan(100);
  });

  it('a rebuilt bundle (other size/mtime/inode) gets its own entry; old entries are pruned to four', () => {
    for (let i = 0; i < 6; i++) {
      rmSync(file);
      writeFileSync(file, `exports.v = ${i};${' '.repeat(i)}\n`);
      const b = loadBundle(file, cache, '--no-opt');
      expect((b.exports as { v: number }).v).toBe(i);
      b.saveCodeCache();
    }
    expect(entries()).toHaveLength(4);
  });

  it('a cache directory that cannot be created is ignored', () => {
    writeFileSync(cache, 'a file where the directory should be');
    const b = loadBundle(file, join(cache, 'sub'), '--no-opt');
    expect(() => b.saveCodeCache()).not.toThrow();
    expect((b.exports as { later(x: number): unknown[] }).later(4)[0]).toBe(4);
  });
});
