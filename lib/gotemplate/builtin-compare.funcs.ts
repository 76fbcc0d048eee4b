/** text/template's comparison functions eq ne lt le gt ge, with Go's type rules and error messages. */
import { GoFuncError } from './errors';
import {
  indirectInterface,
  GoBytes,
  GoComplex,
  GoInt,
  GoMap,
  GoNil,
  GoPtr,
  GoStruct,
  GoTime,
  intValue,
  isPlainMap,
  kindOf,
  sprint,
  typeNameOf,
  type GoValue,
} from '@marina/go-runtime';

type Raw = GoValue;

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'complex' | 'string' | 'invalid';

function basicKind(v: Raw): BasicKind {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    default:
      break;
  }
  if (v instanceof GoInt) return v.kind.startsWith('u') ? 'uint' : 'int';
  if (v instanceof GoComplex) return 'complex';
  return 'invalid';
}

const errBadComparisonType = 'invalid type for comparison';
const errBadComparison = 'incompatible types for comparison';

function isNilRaw(v: Raw): boolean {
  return v === undefined || v === null || v instanceof GoNil || (v instanceof GoPtr && v.isNil);
}

function comparable(v: Raw): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v) || typeof v === 'function' || v instanceof GoMap || v instanceof GoBytes || isPlainMap(v))
    return false;
  return true;
}

function sameCompositeKind(a: Raw, b: Raw): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'invalid' || kb === 'invalid' || ka === 'nil' || kb === 'nil') return true;
  return ka === kb;
}

function valuesEqual(a: Raw, b: Raw): boolean {
  if (a instanceof GoTime && b instanceof GoTime)
    return a.epochMs === b.epochMs && a.nanos === b.nanos && a.location === b.location;
  if (a instanceof GoStruct && b instanceof GoStruct && !a.goIsPointer() && !b.goIsPointer()) {
    if (a.constructor !== b.constructor) return false;
    const ka = Object.keys(a);
    return ka.every((k) => {
      const x = (a as unknown as Record<string, GoValue>)[k];
      const y = (b as unknown as Record<string, GoValue>)[k];
      return basicKind(x) !== 'invalid' ? basicEqual(x, y) : valuesEqual(x, y);
    });
  }
  if (a instanceof GoPtr && b instanceof GoPtr) return a.cell === b.cell;
  return a === b;
}

function basicEqual(a: Raw, b: Raw): boolean {
  const ia = intValue(a);
  const ib = intValue(b);
  if (ia !== undefined && ib !== undefined) return ia === ib;
  return a === b;
}

export function eq(arg1: Raw, ...arg2: Raw[]): boolean {
  const a1 = indirectInterface(arg1);
  if (arg2.length === 0) throw new GoFuncError('missing argument for comparison');
  const k1 = basicKind(a1);
  for (const raw of arg2) {
    const a = indirectInterface(raw);
    const k2 = basicKind(a);
    let t = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') t = intValue(a1)! >= 0n && intValue(a1) === intValue(a);
      else if (k1 === 'uint' && k2 === 'int') t = intValue(a)! >= 0n && intValue(a1) === intValue(a);
      else if (a1 !== undefined && a !== undefined) throw new GoFuncError(errBadComparison);
    } else {
      switch (k1) {
        case 'bool':
        case 'float':
        case 'string':
          t = a1 === a;
          break;
        case 'complex':
          t = (a1 as GoComplex).re === (a as GoComplex).re && (a1 as GoComplex).im === (a as GoComplex).im;
          break;
        case 'int':
        case 'uint':
          t = intValue(a1) === intValue(a);
          break;
        default:
          if (!sameCompositeKind(a1, a)) {
            throw new GoFuncError(
              `non-comparable types ${fmtForError(a1)}: ${typeNameOf(a1)}, ${typeNameOf(a)}: ${fmtForError(a)}`,
            );
          }
          if (isNilRaw(a1) || isNilRaw(a)) {
            t = isNilRaw(a1) === isNilRaw(a);
          } else {
            if (!comparable(a)) throw new GoFuncError(`non-comparable type ${fmtForError(a)}: ${typeNameOf(a)}`);
            t = valuesEqual(a1, a);
          }
      }
    }
    if (t) return true;
  }
  return false;
}

function fmtForError(v: Raw): string {
  return v === undefined ? '<invalid reflect.Value>' : sprint([v]);
}

export function ne(a: Raw, b: Raw): boolean {
  return !eq(a, b);
}

export function lt(arg1: Raw, arg2: Raw): boolean {
  const a = indirectInterface(arg1);
  const k1 = basicKind(a);
  if (k1 === 'invalid') throw new GoFuncError(errBadComparisonType);
  const b = indirectInterface(arg2);
  const k2 = basicKind(b);
  if (k2 === 'invalid') throw new GoFuncError(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return intValue(a)! < 0n || intValue(a)! < intValue(b)!;
    if (k1 === 'uint' && k2 === 'int') return intValue(b)! >= 0n && intValue(a)! < intValue(b)!;
    throw new GoFuncError(errBadComparison);
  }
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new GoFuncError(errBadComparisonType);
    case 'int':
    case 'uint':
      return intValue(a)! < intValue(b)!;
    case 'float':
      return (a as number) < (b as number);
    default:
      return (a as string) < (b as string);
  }
}

export const le = (a: Raw, b: Raw): boolean => lt(a, b) || eq(a, b);
export const gt = (a: Raw, b: Raw): boolean => !le(a, b);
export const ge = (a: Raw, b: Raw): boolean => !lt(a, b);
