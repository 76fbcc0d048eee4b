/**
 * Sprig list functions (list.go). Non-`must` variants turn errors into template errors the
 * way Sprig's panics surface through text/template ("error calling first: Cannot find first on type int").
 */
import { GoFuncError } from '../errors';
import { GO_TYPE, goFunc, tagGoType, typeOfValue, type GoValue } from '@marina/go-runtime';
import { deepEqual, goKindName, isEmpty, listElems, nilSlice, toInt64 } from './sprig-conv';

const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

/** Elements of a list argument, or throws Sprig's "Cannot <what> on type <kind>" error. */
function elems(v: GoValue, what: string): GoValue[] {
  if (v === null || v === undefined) throw new GoFuncError(NIL_DEREF);
  const e = listElems(v);
  if (!e) throw new GoFuncError(`${what} ${goKindName(v)}`);
  return e;
}

type MustFn = (...args: GoValue[]) => GoValue;

/** Registers `name` (and `mustName` when `must` is given) with a shared implementation. */
function pair(sig: string, mustSig: string, fn: MustFn): [MustFn, MustFn] {
  return [goFunc(sig, fn), goFunc(mustSig, fn)];
}

const [push, mustPush] = pair(
  'func(interface {}, interface {}) []interface {}',
  'func(interface {}, interface {}) ([]interface {}, error)',
  (list, v) => [...elems(list, 'Cannot push on type'), v],
);
const [prepend, mustPrepend] = pair(
  'func(interface {}, interface {}) []interface {}',
  'func(interface {}, interface {}) ([]interface {}, error)',
  (list, v) => [v, ...elems(list, 'Cannot prepend on type')],
);
const [first, mustFirst] = pair(
  'func(interface {}) interface {}',
  'func(interface {}) (interface {}, error)',
  (list) => {
    const e = elems(list, 'Cannot find first on type');
    return e.length === 0 ? null : e[0];
  },
);
const [last, mustLast] = pair('func(interface {}) interface {}', 'func(interface {}) (interface {}, error)', (list) => {
  const e = elems(list, 'Cannot find last on type');
  return e.length === 0 ? null : e[e.length - 1];
});
const [rest, mustRest] = pair(
  'func(interface {}) []interface {}',
  'func(interface {}) ([]interface {}, error)',
  (list) => {
    const e = elems(list, 'Cannot find rest on type');
    return e.length === 0 ? nilSlice() : e.slice(1);
  },
);
const [initial, mustInitial] = pair(
  'func(interface {}) []interface {}',
  'func(interface {}) ([]interface {}, error)',
  (list) => {
    const e = elems(list, 'Cannot find initial on type');
    return e.length === 0 ? nilSlice() : e.slice(0, -1);
  },
);
const [reverse, mustReverse] = pair(
  'func(interface {}) []interface {}',
  'func(interface {}) ([]interface {}, error)',
  (list) => [...elems(list, 'Cannot find reverse on type')].reverse(),
);
const [compact, mustCompact] = pair(
  'func(interface {}) []interface {}',
  'func(interface {}) ([]interface {}, error)',
  (list) => elems(list, 'Cannot compact on type').filter((x) => !isEmpty(x)),
);

function inList(haystack: GoValue[], needle: GoValue): boolean {
  return haystack.some((h) => deepEqual(needle, h));
}

const [uniq, mustUniq] = pair(
  'func(interface {}) []interface {}',
  'func(interface {}) ([]interface {}, error)',
  (list) => {
    const out: GoValue[] = [];
    for (const x of elems(list, 'Cannot find uniq on type')) if (!inList(out, x)) out.push(x);
    return out;
  },
);
const [without, mustWithout] = pair(
  'func(interface {}, ...interface {}) []interface {}',
  'func(interface {}, ...interface {}) ([]interface {}, error)',
  (list, ...omit) => elems(list, 'Cannot find without on type').filter((x) => !inList(omit, x)),
);
const [has, mustHas] = pair(
  'func(interface {}, interface {}) bool',
  'func(interface {}, interface {}) (bool, error)',
  (needle, hay) => {
    if (hay === null || hay === undefined) return false;
    return inList(elems(hay, 'Cannot find has on type'), needle);
  },
);

const [slice, mustSlice] = pair(
  'func(interface {}, ...interface {}) interface {}',
  'func(interface {}, ...interface {}) (interface {}, error)',
  (list, ...indices) => {
    if (list === null || list === undefined) throw new GoFuncError(NIL_DEREF);
    const e = listElems(list);
    if (!e) throw new GoFuncError(`list should be type of slice or array but ${goKindName(list)}`);
    if (e.length === 0) return null;
    const start = indices.length > 0 ? Number(toInt64(indices[0])) : 0;
    const end = indices.length >= 2 ? Number(toInt64(indices[1])) : e.length;
    if (start < 0 || end > e.length || start > end) {
      throw new GoFuncError('reflect.Value.Slice: slice index out of bounds');
    }
    const out = e.slice(start, end);
    const t = typeOfValue(list);
    if (t && (t.kind === 'slice' || t.kind === 'array') && (list as { [GO_TYPE]?: unknown })[GO_TYPE]) {
      tagGoType(out, t.kind === 'array' ? { kind: 'slice', elem: t.elem } : t);
    }
    return out;
  },
);

const [chunk, mustChunk] = pair(
  'func(int, interface {}) [][]interface {}',
  'func(int, interface {}) ([][]interface {}, error)',
  (size, list) => {
    const e = elems(list, 'Cannot chunk type');
    const n = Number(size as bigint);
    const l = e.length;
    const cs = Math.floor((l - 1) / n) + 1;
    const out: GoValue[] = [];
    for (let i = 0; i < cs; i++) {
      let clen = n;
      if (i === cs - 1) {
        clen = l % n;
        if (clen === 0) clen = n;
      }
      out.push(e.slice(i * n, i * n + clen));
    }
    return tagGoType(out, '[][]interface {}');
  },
);

function concat(...lists: GoValue[]): GoValue {
  const res: GoValue[] = [];
  for (const l of lists) {
    if (l === null || l === undefined) throw new GoFuncError(NIL_DEREF);
    const e = listElems(l);
    if (!e) throw new GoFuncError(`Cannot concat type ${goKindName(l)} as list`);
    res.push(...e);
  }
  return res.length === 0 ? nilSlice() : res;
}

export const listFuncs = {
  tuple: goFunc('func(...interface {}) []interface {}', (...v: GoValue[]) => v),
  list: goFunc('func(...interface {}) []interface {}', (...v: GoValue[]) => v),
  append: push,
  push,
  mustAppend: mustPush,
  mustPush,
  prepend,
  mustPrepend,
  first,
  mustFirst,
  last,
  mustLast,
  rest,
  mustRest,
  initial,
  mustInitial,
  reverse,
  mustReverse,
  compact,
  mustCompact,
  uniq,
  mustUniq,
  without,
  mustWithout,
  has,
  mustHas,
  slice,
  mustSlice,
  chunk,
  mustChunk,
  concat: goFunc('func(...interface {}) interface {}', concat),
};
