/**
 * Go's `path/filepath.Match` on '/'-separated paths: `*` (any run of non-separators), `?` (one
 * non-separator), `[...]`/`[^...]` classes with ranges, and `\` escapes. Throws for malformed
 * patterns (Go's ErrBadPattern).
 */

export class BadPatternError extends Error {
  readonly code = 'BAD_PATTERN';
  override readonly name = 'BadPatternError';
  constructor() {
    super('syntax error in pattern');
  }
}

const cache = new Map<string, RegExp>();

/** Whether `name` matches the whole `pattern`. */
export function goPathMatch(pattern: string, name: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    re = compile(pattern);
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, re);
  }
  return re.test(name);
}

function compile(pattern: string): RegExp {
  let src = '^';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*') src += '[^/]*';
    else if (c === '?') src += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= chars.length) throw new BadPatternError();
      src += escapeRe(chars[++i]);
    } else if (c === '[') {
      const [cls, next] = compileClass(chars, i + 1);
      src += cls;
      i = next;
    } else src += escapeRe(c);
  }
  return new RegExp(src + '$', 'u');
}

function compileClass(chars: string[], start: number): [string, number] {
  let i = start;
  let negate = false;
  if (chars[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; ; first = false) {
    if (i >= chars.length) throw new BadPatternError();
    if (chars[i] === ']' && !first) break;
    const lo = readClassChar(chars, i);
    i = lo.next;
    if (chars[i] === '-') {
      const hi = readClassChar(chars, i + 1);
      if (hi.ch < lo.ch) throw new BadPatternError();
      body += `${escapeClass(lo.ch)}-${escapeClass(hi.ch)}`;
      i = hi.next;
    } else body += escapeClass(lo.ch);
  }
  return [negate ? `[^/${body}]` : `[${body}]`, i];
}

function readClassChar(chars: string[], i: number): { ch: string; next: number } {
  if (i >= chars.length || chars[i] === '-' || chars[i] === ']') throw new BadPatternError();
  if (chars[i] === '\\') {
    if (i + 1 >= chars.length) throw new BadPatternError();
    return { ch: chars[i + 1], next: i + 2 };
  }
  return { ch: chars[i], next: i + 1 };
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClass(c: string): string {
  return c.replace(/[\]\\^-]/g, '\\$&');
}
