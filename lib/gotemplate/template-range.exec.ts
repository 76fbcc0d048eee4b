/**
 * `{{range}}` iteration with Go's rules (exec.go walkRange): slices and arrays by index, maps in
 * sorted key order, integers (Go 1.22 range-over-int), channels until drained, byte slices, and
 * iterator functions (iter.Seq / iter.Seq2) driven through a yield callback.
 */
import { GoFuncError } from './errors';
import { signatureOf } from './exec-convert';
import {
  formatValue,
  GoChan,
  GoInt,
  kindOf,
  sortedMapEntries,
  type GoFunction,
  type GoValue,
  type IntKind,
} from '@marina/go-runtime';
import type { BranchNode } from './parse-tree.nodes';

/** One iteration: the index/key and the element; returns false to stop ({{break}}). */
export type RangeBody = (index: GoValue, elem: GoValue) => boolean;

/** What iteration needs from the executing state: its error reporting. */
export interface RangeState {
  errorf(msg: string): never;
}

/** Iterates; returns true when at least one iteration ran (so no else branch). */
export function rangeOver(state: RangeState, val: GoValue, r: BranchNode, one: RangeBody): boolean {
  const k = kindOf(val);
  switch (k) {
    case 'slice':
    case 'array': {
      const arr = val as GoValue[];
      if (!Array.isArray(arr)) return rangeBytes(val, one);
      if (arr.length === 0) return false;
      for (let i = 0; i < arr.length; i++) if (!one(BigInt(i), arr[i])) break;
      return true;
    }
    case 'map': {
      const entries = sortedMapEntries(val);
      if (entries.length === 0) return false;
      for (const [key, v] of entries) if (!one(key, v)) break;
      return true;
    }
    case 'int':
    case 'uint': {
      if (r.pipe.decl.length > 1) state.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
      const n = typeof val === 'bigint' ? val : (val as GoInt).value;
      if (n <= 0n) return false;
      for (let i = 0n; i < n; i++) {
        const elem =
          typeof val === 'bigint' ? i : new GoInt(i, (val as GoInt).kind as IntKind, (val as GoInt).typeName);
        if (!one(undefined, elem)) break;
      }
      return true;
    }
    case 'invalid':
    case 'nil':
      return false;
    case 'chan':
      return rangeChan(val, one);
    case 'func':
      return rangeFunc(state, val as GoFunction, r, one);
    default:
      state.errorf(`range can't iterate over ${formatValue(val)}`);
  }
}

/** Receives until the channel is drained; a nil channel ranges zero times. */
function rangeChan(val: GoValue, one: RangeBody): boolean {
  if (!(val instanceof GoChan)) return false;
  let i = 0n;
  for (;;) {
    const { value, ok } = val.recv();
    if (!ok) break;
    const more = one(i, value);
    i++;
    if (!more) break;
  }
  return i > 0n;
}

/**
 * Range over a Go iterator function (iter.Seq: `func(func(T) bool)`, iter.Seq2:
 * `func(func(K, V) bool)`), called with a yield callback that stops on {{break}}.
 */
function rangeFunc(state: RangeState, fn: GoFunction, r: BranchNode, one: RangeBody): boolean {
  const sig = signatureOf(fn);
  const y = sig.params.length === 1 && !sig.variadic && sig.results.length === 0 ? sig.params[0] : undefined;
  const ysig = y && y.kind === 'func' ? y.sig : undefined;
  const arity = ysig && ysig.results.length === 1 && ysig.results[0].kind === 'bool' ? ysig.params.length : 0;
  if (arity !== 1 && arity !== 2) state.errorf(`range can't iterate over ${formatValue(fn as unknown as GoValue)}`);
  if (arity === 1 && r.pipe.decl.length > 1) {
    state.errorf(`can't use ${formatValue(fn as unknown as GoValue)} iterate over more than one variable`);
  }
  let run = false;
  let stopped = false;
  const yieldFn = (a: GoValue, b?: GoValue): boolean => {
    if (stopped)
      throw new GoFuncError('range function continued iteration after function for loop body returned false');
    run = true;
    const more = arity === 1 ? one(undefined, a) : r.pipe.decl.length > 1 ? one(a, b) : one(b, a);
    if (!more) stopped = true;
    return more;
  };
  (fn as unknown as (y: (a: GoValue, b?: GoValue) => boolean) => void)(yieldFn);
  return run;
}

function rangeBytes(val: GoValue, one: RangeBody): boolean {
  const b = (val as { bytes?: Uint8Array }).bytes;
  if (!b || b.length === 0) return false;
  for (let i = 0; i < b.length; i++) if (!one(BigInt(i), new GoInt(BigInt(b[i]), 'uint8'))) break;
  return true;
}
