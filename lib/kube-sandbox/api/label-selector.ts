import { apiErrors } from './api-errors';
import { isJsonObject, type JsonObject } from './kube-object.types';

/** One parsed requirement of a label selector. */
export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' }
  | { key: string; op: 'gt' | 'lt'; value: number };

/** A parsed selector; the empty selector matches everything. */
export interface LabelSelector {
  requirements: LabelRequirement[];
  matches(labels: Record<string, string> | undefined): boolean;
}

const keyPattern = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function build(requirements: LabelRequirement[]): LabelSelector {
  return {
    requirements,
    matches(labels) {
      const l = labels ?? {};
      return requirements.every((r) => {
        const has = Object.prototype.hasOwnProperty.call(l, r.key);
        switch (r.op) {
          case 'in':
            return has && r.values.includes(l[r.key]);
          case 'notin':
            return !has || !r.values.includes(l[r.key]);
          case 'exists':
            return has;
          case '!':
            return !has;
          case 'gt':
            return has && Number(l[r.key]) > r.value;
          case 'lt':
            return has && Number(l[r.key]) < r.value;
        }
      });
    },
  };
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

function parseTerm(term: string): LabelRequirement {
  const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (setMatch)
    return {
      key: checkKey(setMatch[1]),
      op: setMatch[2] as 'in' | 'notin',
      values: setMatch[3]
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    };
  const cmp = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(term);
  if (cmp) {
    const [, key, op, value] = cmp;
    if (op === '>' || op === '<') {
      const n = Number(value);
      if (!Number.isInteger(n))
        throw apiErrors.badRequest(
          `unable to parse requirement: for 'gt', 'lt' operators, the value must be an integer`,
        );
      return { key: checkKey(key), op: op === '>' ? 'gt' : 'lt', value: n };
    }
    return { key: checkKey(key), op: op === '!=' ? 'notin' : 'in', values: [value.trim()] };
  }
  if (term.startsWith('!')) return { key: checkKey(term.slice(1).trim()), op: '!' };
  return { key: checkKey(term), op: 'exists' };
}

function checkKey(key: string): string {
  if (!keyPattern.test(key)) throw apiErrors.badRequest(`unable to parse requirement: invalid label key "${key}"`);
  return key;
}

/** Parses the `labelSelector` query syntax (`a=b,c!=d,e in (f,g),!h`). Throws BadRequest on errors. */
export function parseLabelSelector(text: string | undefined | null): LabelSelector {
  if (!text) return build([]);
  return build(splitTerms(text).map(parseTerm));
}

/**
 * Converts a `metav1.LabelSelector` object (`matchLabels` + `matchExpressions`). A missing
 * selector matches nothing when `nilMatchesNothing` (the controllers' convention).
 */
export function selectorFromObject(sel: unknown, nilMatchesNothing = true): LabelSelector {
  if (!isJsonObject(sel)) return nilMatchesNothing ? build([{ key: '\u0000never', op: 'exists' }]) : build([]);
  const reqs: LabelRequirement[] = [];
  const ml = isJsonObject(sel.matchLabels) ? sel.matchLabels : {};
  for (const [k, v] of Object.entries(ml)) reqs.push({ key: k, op: 'in', values: [String(v)] });
  const exprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions.filter(isJsonObject) : [];
  for (const e of exprs as JsonObject[]) {
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const op = String(e.operator);
    const key = String(e.key);
    if (op === 'In') reqs.push({ key, op: 'in', values });
    else if (op === 'NotIn') reqs.push({ key, op: 'notin', values });
    else if (op === 'Exists') reqs.push({ key, op: 'exists' });
    else if (op === 'DoesNotExist') reqs.push({ key, op: '!' });
  }
  return build(reqs);
}

/** The selector rendered as query text (what `status.selector` of a scale subresource shows). */
export function selectorToString(sel: LabelSelector): string {
  return sel.requirements
    .map((r) => {
      if (r.op === 'in')
        return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
      if (r.op === 'notin')
        return r.values.length === 1 ? `${r.key}!=${r.values[0]}` : `${r.key} notin (${r.values.join(',')})`;
      if (r.op === 'exists') return r.key;
      if (r.op === '!') return `!${r.key}`;
      return `${r.key}${r.op === 'gt' ? '>' : '<'}${r.op === 'gt' || r.op === 'lt' ? r.value : ''}`;
    })
    .join(',');
}
