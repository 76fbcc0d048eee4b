/**
 * parser-fingerprint: MODULES must list every module a cached parse result depends on — the
 * parse-cache modules and the runtime import closure of the parser — or an edit to an unlisted
 * module could leave stale entries valid.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { MODULES, parserSources } from './parser-fingerprint';

const here = __dirname;

const goRuntime = resolve(here, '../../go-runtime');

/** go-runtime's entry: exported name → defining module (from its `export import` aliases). */
function goRuntimeModules(): Map<string, string> {
  const entry = readFileSync(join(goRuntime, 'index.ts'), 'utf8');
  const aliases = new Map([...entry.matchAll(/^import (\w+) = require\('(\.[^']+)'\);/gm)].map((m) => [m[1], m[2]]));
  const out = new Map<string, string>();
  for (const m of entry.matchAll(/^export import (\w+) = (\w+)\.\w+;/gm))
    out.set(m[1], resolve(goRuntime, `${aliases.get(m[2])}.ts`));
  return out;
}
const runtimeModules = goRuntimeModules();

/** Module files a .ts file imports for their values (not `import type`, not type-only names). */
function valueImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^import\s+(type\s+)?(?:\{([^}]*)\}\s+)?[^;]*?from\s+'([^']+)';/gms)) {
    if (m[1]) continue;
    if (m[3].startsWith('.')) out.push(resolve(dirname(file), `${m[3]}.ts`));
    if (m[3] !== '@marina/go-runtime') continue;
    const names = (m[2] ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n && !n.startsWith('type '));
    for (const n of names) out.push(runtimeModules.get(n.split(/\s+as\s+/)[0]) as string);
  }
  return out;
}

function closure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const f = todo.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...valueImports(f));
  }
  return seen;
}

describe('parser fingerprint', () => {
  it('covers the parser, its import closure and every parse-cache module', () => {
    const cacheModules = readdirSync(here)
      .filter((n) => n.endsWith('.ts') && !n.endsWith('.spec.ts'))
      .map((n) => join(here, n));
    const needed = closure([join(here, '../template.parser.ts'), ...cacheModules]);
    expect(needed.has(join(goRuntime, 'strconv/go-quote.ts'))).toBe(true); // reached through the lexer
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
