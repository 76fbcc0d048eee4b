/**
 * Sprig defaults.go and reflect.go: default, empty, coalesce, all, any, ternary, JSON
 * conversion, deepCopy, typeOf/typeIs/typeIsLike/kindOf/kindIs, deepEqual, fail.
 */
import { GoFuncError } from '../errors';
import { goFunc, marshalJSON, typeNameOf, typeOfValue, unmarshalJSON, type GoValue } from '@marina/go-runtime';
import { deepCopy, deepEqual, isEmpty } from './sprig-conv';

/** reflect.Kind name of a value ("invalid" for nil). */
export function kindName(v: GoValue): string {
  const t = typeOfValue(v);
  if (!t) return 'invalid';
  switch (t.kind) {
    case 'any':
    case 'interface':
    case 'value':
      return 'interface';
    default:
      return t.kind;
  }
}

function mustJSON(v: GoValue, escapeHTML: boolean, indent: string): string {
  try {
    return marshalJSON(v, { escapeHTML, indent });
  } catch (e) {
    throw new GoFuncError((e as Error).message);
  }
}

function tryJSON(v: GoValue, escapeHTML: boolean, indent: string): string {
  try {
    return marshalJSON(v, { escapeHTML, indent });
  } catch {
    return '';
  }
}

function mustFromJson(s: string): GoValue {
  try {
    return unmarshalJSON(s);
  } catch (e) {
    throw new GoFuncError((e as Error).message);
  }
}

export const defaultFuncs = {
  default: goFunc('func(interface {}, ...interface {}) interface {}', (d: GoValue, ...given: GoValue[]) =>
    given.length === 0 || isEmpty(given[0]) ? d : given[0],
  ),
  empty: goFunc('func(interface {}) bool', (v: GoValue) => isEmpty(v)),
  coalesce: goFunc('func(...interface {}) interface {}', (...v: GoValue[]) => {
    for (const x of v) if (!isEmpty(x)) return x;
    return null;
  }),
  all: goFunc('func(...interface {}) bool', (...v: GoValue[]) => v.every((x) => !isEmpty(x))),
  any: goFunc('func(...interface {}) bool', (...v: GoValue[]) => v.some((x) => !isEmpty(x))),
  ternary: goFunc('func(interface {}, interface {}, bool) interface {}', (t: GoValue, f: GoValue, c: boolean) =>
    c ? t : f,
  ),
  fromJson: goFunc('func(string) interface {}', (s: string) => {
    try {
      return unmarshalJSON(s);
    } catch {
      return null;
    }
  }),
  mustFromJson: goFunc('func(string) (interface {}, error)', mustFromJson),
  toJson: goFunc('func(interface {}) string', (v: GoValue) => tryJSON(v, true, '')),
  mustToJson: goFunc('func(interface {}) (string, error)', (v: GoValue) => mustJSON(v, true, '')),
  toPrettyJson: goFunc('func(interface {}) string', (v: GoValue) => tryJSON(v, true, '  ')),
  mustToPrettyJson: goFunc('func(interface {}) (string, error)', (v: GoValue) => mustJSON(v, true, '  ')),
  toRawJson: goFunc('func(interface {}) string', (v: GoValue) => mustJSON(v, false, '')),
  mustToRawJson: goFunc('func(interface {}) (string, error)', (v: GoValue) => mustJSON(v, false, '')),
  deepCopy: goFunc('func(interface {}) interface {}', (v: GoValue) => deepCopy(v)),
  mustDeepCopy: goFunc('func(interface {}) (interface {}, error)', (v: GoValue) => deepCopy(v)),
  typeOf: goFunc('func(interface {}) string', (v: GoValue) => typeNameOf(v)),
  typeIs: goFunc('func(string, interface {}) bool', (t: string, v: GoValue) => t === typeNameOf(v)),
  typeIsLike: goFunc('func(string, interface {}) bool', (t: string, v: GoValue) => {
    const n = typeNameOf(v);
    return t === n || '*' + t === n;
  }),
  kindOf: goFunc('func(interface {}) string', kindName),
  kindIs: goFunc('func(string, interface {}) bool', (t: string, v: GoValue) => t === kindName(v)),
  deepEqual: goFunc('func(interface {}, interface {}) bool', (a: GoValue, b: GoValue) => deepEqual(a, b)),
  fail: goFunc('func(string) (string, error)', (msg: string) => {
    throw new GoFuncError(msg);
  }),
};
