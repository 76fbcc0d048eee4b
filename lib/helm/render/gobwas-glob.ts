/**
 * github.com/gobwas/glob with '/' as separator (what Helm's `.Files.Glob` uses): `*` matches within
 * a path segment, `**` across segments, `?` one non-separator character, `[abc]`, `[!a-z]`,
 * `{a,b}` alternatives, `\` escapes. Malformed patterns match nothing.
 */
const cache = new Map<string, RegExp | null>();

export function globMatch(pattern: string, name: string): boolean {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = compileGlob(pattern);
    if (cache.size > 500) cache.clear();
    cache.set(pattern, re);
  }
  return re !== null && re.test(name);
}

function compileGlob(pattern: string): RegExp | null {
  const chars = Array.from(pattern);
  let src = '';
  let depth = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\') {
      if (i + 1 >= chars.length) return null;
      src += escapeRe(chars[++i]);
    } else if (c === '*') {
      if (chars[i + 1] === '*') {
        src += '.*';
        i++;
      } else src += '[^/]*';
    } else if (c === '?') src += '[^/]';
    else if (c === '[') {
      const end = chars.indexOf(']', i + 1);
      if (end < 0) return null;
      let body = chars.slice(i + 1, end).join('');
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      src += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      src += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      src += ')';
    } else if (c === ',' && depth > 0) src += '|';
    else src += escapeRe(c);
  }
  if (depth !== 0) return null;
  try {
    return new RegExp(`^${src}$`, 'su');
  } catch {
    return null; // an invalid class range: gobwas rejects the pattern, Glob matches nothing
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
