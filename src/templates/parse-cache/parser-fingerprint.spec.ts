/**
 * parser-fingerprint: MODULES must list every module a cached parse result depends on — the
 * parse-cache modules and the runtime import closure of the parser — or an edit to an unlisted
 * module could leave stale entries valid.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { MODULES, parserSources } from './parser-fingerprint';

const here = __dirname;

/** Relative module ids imported for their values (not `import type`) by a .ts file. */
function valueImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'(\.[^']+)';/gms)) if (!m[1]) out.push(m[2]);
  return out;
}

function closure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const f = todo.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const id of valueImports(f)) todo.push(resolve(dirname(f), `${id}.ts`));
  }
  return seen;
}

describe('parser fingerprint', () => {
  it('covers the parser, its import closure and every parse-cache module', () => {
    const cacheModules = readdirSync(here).filter((n) => n.endsWith('.ts') && !n.endsWith('.spec.ts')).map((n) => join(here, n));
    const needed = closure([join(here, '../template.parser.ts'), ...cacheModules]);
    expect(needed.has(resolve(here, '../go-quote.ts'))).toBe(true); // reached through the lexer
    const listed = new Set(MODULES.map((id) => resolve(here, `${id}.ts`)));
    const missing = [...needed].filter((f) => !listed.has(f)).map((f) => relative(here, f));
    expect(missing).toEqual([]);
  });

  it('reads every listed module', () => {
    const sources = parserSources();
    expect(sources).toHaveLength(MODULES.length);
    for (const s of sources) expect(s.length).toBeGreaterThan(100);
  });
});

