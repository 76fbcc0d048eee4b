/**
 * `.helmignore` rules (Helm's pkg/ignore): one pattern per line, `#` comments, `!` negation,
 * trailing `/` for directories only, leading `/` anchoring at the chart root, patterns without a
 * slash matched against the base name, Go `filepath.Match` syntax, `**` rejected. The default rule
 * ignores hidden files under templates/.
 */
import { goPathMatch } from './go-path-match';

interface Rule {
  readonly negate: boolean;
  readonly mustDir: boolean;
  readonly match: (path: string) => boolean;
}

/** A malformed .helmignore; `message` is Helm's. */
export class HelmIgnoreError extends Error {
  readonly code = 'INVALID_HELMIGNORE';
  override readonly name = 'HelmIgnoreError';
}

export class HelmIgnore {
  private readonly rules: Rule[] = [];

  /** Parses .helmignore content and appends Helm's default rule. */
  static parse(content: string): HelmIgnore {
    const r = new HelmIgnore();
    for (const line of content.split(/\r?\n/)) r.addRule(line);
    r.addRule('templates/.?*');
    return r;
  }

  private addRule(raw: string): void {
    let rule = raw.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new HelmIgnoreError('double-star (**) syntax is not supported');
    goPathMatch(rule, 'abc'); // throws for malformed patterns, like Helm's compile check
    const negate = rule.startsWith('!');
    if (negate) rule = rule.slice(1);
    const mustDir = rule.endsWith('/');
    if (mustDir) rule = rule.slice(0, -1);
    let match: (p: string) => boolean;
    if (rule.startsWith('/')) {
      const anchored = rule.slice(1);
      match = (p) => safeMatch(anchored, p);
    } else if (rule.includes('/')) {
      match = (p) => safeMatch(rule, p);
    } else {
      match = (p) => safeMatch(rule, p.slice(p.lastIndexOf('/') + 1));
    }
    this.rules.push({ negate, mustDir, match });
  }

  /** Helm's `Rules.Ignore(path, fileInfo)`, including its negation semantics. */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const r of this.rules) {
      if (r.negate) {
        if (r.mustDir && !isDir) return true;
        if (!r.match(path)) return true;
        continue;
      }
      if (r.mustDir && !isDir) continue;
      if (r.match(path)) return true;
    }
    return false;
  }
}

function safeMatch(pattern: string, name: string): boolean {
  try {
    return goPathMatch(pattern, name);
  } catch (err) {
    if ((err as { code?: string }).code === 'BAD_PATTERN') return false;
    throw err;
  }
}
