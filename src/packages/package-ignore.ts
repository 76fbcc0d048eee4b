import { matchesGlob } from 'node:path';

/**
 * `.helmignore` rules (the subset Helm documents): one glob per line, `#` comments, `!`
 * negation (last match wins), a trailing `/` matches directories only, patterns without `/`
 * match the base name at any depth. `templates/.?*` is always ignored, as Helm does.
 */
export function helmIgnoreMatcher(text: string | undefined): (relPath: string) => boolean {
  const rules = ['templates/.?*', ...(text ?? '').split(/\r?\n/)]
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const body = negate ? l.slice(1) : l;
      const dirOnly = body.endsWith('/');
      const pattern = body.replace(/^\/+/, '').replace(/\/+$/, '');
      return { negate, dirOnly, pattern, anchored: pattern.includes('/') };
    });
  return (relPath) => {
    const isDir = relPath.endsWith('/');
    const path = relPath.replace(/\/+$/, '');
    const base = path.slice(path.lastIndexOf('/') + 1);
    let ignored = false;
    for (const r of rules) {
      if (r.dirOnly && !isDir) continue;
      const target = r.anchored ? path : base;
      if (matchesGlob(target, r.pattern)) ignored = !r.negate;
    }
    return ignored;
  };
}
