/**
 * Sprig regex functions with Go RE2 syntax translated to JS RegExp (named groups `(?P<n>…)`,
 * leading flag groups, `\A`/`\z`, `\Q…\E`, POSIX classes) and Go's match/replace/split semantics
 * (empty matches right after a previous match are skipped; `$1`/`${name}` expansion).
 */
import { GoFuncError } from '../errors';
import { goFunc, tagGoType, type GoValue } from '@marina/go-runtime';

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, RegExp>();

/** Go's regexp.MustCompile: a bad expression panics with `regexp: Compile(`expr`): error parsing regexp: …`. */
export function compileGoRegex(expr: string): RegExp {
  try {
    return compileRegex(expr);
  } catch (e) {
    throw new GoFuncError(`regexp: Compile(\`${expr}\`): ${(e as Error).message}`);
  }
}

/** Go's regexp.Compile: a bad expression is the error `error parsing regexp: …` (what the must* functions return). */
export function compileRegex(expr: string): RegExp {
  const hit = cache.get(expr);
  if (hit) return hit;
  let src = expr;
  let flags = 'g';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if (lead[1].includes('i')) flags += 'i';
    if (lead[1].includes('m')) flags += 'm';
    if (lead[1].includes('s')) flags += 's';
    src = src.slice(lead[0].length);
  }
  src = src.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_, lit: string) => lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'));
  src = src.replace(/\(\?P</g, '(?<');
  src = src.replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) =>
    POSIX[name] ? (neg ? `^${POSIX[name]}` : POSIX[name]) : m,
  );
  src = src.replace(/\\A/g, '(?<![\\s\\S])').replace(/\\z/g, '(?![\\s\\S])');
  if (/\\[pP]/.test(src)) flags += 'u';
  let re: RegExp;
  try {
    re = new RegExp(src, flags);
  } catch (e) {
    throw new GoFuncError(`error parsing regexp: ${re2ErrorText(expr, (e as Error).message)}`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(expr, re);
  return re;
}

/** RE2's wording for the syntax errors JS reports (falls back to the JS message). */
function re2ErrorText(expr: string, jsMessage: string): string {
  if (/Unterminated group/.test(jsMessage)) return `missing closing ): \`${expr}\``;
  if (/Unmatched '\)'/.test(jsMessage)) return `unexpected ): \`${expr}\``;
  if (/Unterminated character class/.test(jsMessage))
    return `missing closing ]: \`${expr.slice(expr.lastIndexOf('['))}\``;
  if (/Nothing to repeat/.test(jsMessage)) {
    const m = /(^|[^\\])([*+?]|\{\d+(,\d*)?\})/.exec(expr);
    return `missing argument to repetition operator: \`${m ? m[2] : '*'}\``;
  }
  if (/\\ at end of pattern/.test(jsMessage)) return 'trailing backslash at end of expression: ``';
  return jsMessage.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
}

/** All match index pairs with Go's empty-match rule; n < 0 = unlimited. */
function allMatches(re: RegExp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === start) {
      if (start === prevEnd) accept = false;
      const cp = s.codePointAt(start);
      pos = start + (cp !== undefined && cp > 0xffff ? 2 : 1);
    } else {
      pos = end;
    }
    prevEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

/** Regexp.Expand for `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expand(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$' || i + 1 >= template.length) {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let end: number;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      const inner = close > 0 ? template.slice(i + 2, close) : '';
      if (close < 0 || !/^\w+$/.test(inner)) {
        out += c;
        continue;
      }
      name = inner;
      end = close;
    } else {
      const nm = /^\w+/.exec(template.slice(i + 1));
      if (!nm) {
        out += c;
        continue;
      }
      name = nm[0];
      end = i + name.length;
    }
    if (/^\d+$/.test(name)) out += m[Number(name)] ?? '';
    else out += m.groups?.[name] ?? '';
    i = end;
  }
  return out;
}

function replaceAll(re: RegExp, src: string, repl: (m: RegExpExecArray) => string): string {
  let out = '';
  let lastEnd = 0;
  let search = 0;
  while (search <= src.length) {
    re.lastIndex = search;
    const m = re.exec(src);
    if (!m) break;
    const a0 = m.index;
    const a1 = a0 + m[0].length;
    out += src.slice(lastEnd, a0);
    if (a1 > lastEnd || a0 === 0) out += repl(m);
    lastEnd = a1;
    const cp = src.codePointAt(search);
    const width = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
    if (search + width > a1) search += width;
    else if (search + 1 > a1) search++;
    else search = a1;
  }
  return out + src.slice(lastEnd);
}

function split(re: RegExp, expr: string, s: string, n: number): string[] {
  if (n === 0) return [];
  if (expr.length > 0 && s.length === 0) return [''];
  const matches = allMatches(re, s, n);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    if (n > 0 && out.length === n - 1) break;
    end = m.index;
    if (m.index + m[0].length !== 0) out.push(s.slice(beg, end));
    beg = m.index + m[0].length;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

const strs = (xs: string[] | null): GoValue => (xs === null ? null : tagGoType(xs, '[]string'));

/** regexp.MatchString (a bad expression is an error, not a panic). */
function matches(expr: string, s: string): boolean {
  const re = compileRegex(expr);
  re.lastIndex = 0;
  return re.test(s);
}

export const regexFuncs = {
  regexMatch: goFunc('func(string, string) bool', (r: string, s: string) => {
    try {
      return matches(r, s);
    } catch {
      return false;
    }
  }),
  mustRegexMatch: goFunc('func(string, string) (bool, error)', matches),
  regexFindAll: goFunc('func(string, string, int) []string', (r: string, s: string, n: bigint) => {
    const ms = allMatches(compileGoRegex(r), s, Number(n));
    return ms.length ? strs(ms.map((m) => m[0])) : strs([]);
  }),
  mustRegexFindAll: goFunc('func(string, string, int) ([]string, error)', (r: string, s: string, n: bigint) =>
    strs(allMatches(compileRegex(r), s, Number(n)).map((m) => m[0])),
  ),
  regexFind: goFunc(
    'func(string, string) string',
    (r: string, s: string) => allMatches(compileGoRegex(r), s, 1)[0]?.[0] ?? '',
  ),
  mustRegexFind: goFunc(
    'func(string, string) (string, error)',
    (r: string, s: string) => allMatches(compileRegex(r), s, 1)[0]?.[0] ?? '',
  ),
  regexReplaceAll: goFunc('func(string, string, string) string', (r: string, s: string, repl: string) =>
    replaceAll(compileGoRegex(r), s, (m) => expand(repl, m)),
  ),
  mustRegexReplaceAll: goFunc('func(string, string, string) (string, error)', (r: string, s: string, repl: string) =>
    replaceAll(compileRegex(r), s, (m) => expand(repl, m)),
  ),
  regexReplaceAllLiteral: goFunc('func(string, string, string) string', (r: string, s: string, repl: string) =>
    replaceAll(compileGoRegex(r), s, () => repl),
  ),
  mustRegexReplaceAllLiteral: goFunc(
    'func(string, string, string) (string, error)',
    (r: string, s: string, repl: string) => replaceAll(compileRegex(r), s, () => repl),
  ),
  regexSplit: goFunc('func(string, string, int) []string', (r: string, s: string, n: bigint) =>
    strs(split(compileGoRegex(r), r, s, Number(n))),
  ),
  mustRegexSplit: goFunc('func(string, string, int) ([]string, error)', (r: string, s: string, n: bigint) =>
    strs(split(compileRegex(r), r, s, Number(n))),
  ),
  regexQuoteMeta: goFunc('func(string) string', (s: string) => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')),
};
