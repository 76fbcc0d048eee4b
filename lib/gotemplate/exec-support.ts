/**
 * Support functions of the executor: Go's static receiver types for messages, `call`'s
 * argument preparation, error texts of failed function calls, and ErrorContext.
 */
import { validateType } from './exec-convert';
import {
  GoMap,
  GoStruct,
  kindOf,
  typeNameOf,
  typeOfValue,
  typeString,
  zeroValue,
  type GoStructClass,
  type GoType,
  type GoValue,
} from '@marina/go-runtime';
import type { Node } from './parse-tree.nodes';
import { TemplateExecError } from './errors';

/**
 * Static type of `container.name` as Go's reflection sees it in a field chain: elements of
 * map[string]interface{} are `interface {}`, typed maps have their element type, struct fields
 * their declared type. Undefined = use the dynamic type.
 */
export function elemStaticType(container: GoValue, name: string): string | undefined {
  if (container === null || typeof container !== 'object') return undefined;
  if (container instanceof GoStruct) return (container.constructor as GoStructClass).goFieldTypes?.[name];
  if (container instanceof GoMap || kindOf(container) === 'map') {
    const t = typeOfValue(container);
    return t && t.kind === 'map' ? typeString(t.elem) : undefined;
  }
  return undefined;
}

/** The static type name Go reports for a field receiver (nil interfaces are `interface {}`). */
export function receiverTypeName(receiver: GoValue): string {
  return receiver === null ? 'interface {}' : typeNameOf(receiver);
}

/** Go's prepareArg for `call`: nil for nillable types, int conversions, assignability. */
export function prepareArg(value: GoValue, t: GoType): GoValue {
  if (value === undefined) {
    if (
      t.kind === 'any' ||
      t.kind === 'interface' ||
      t.kind === 'ptr' ||
      t.kind === 'slice' ||
      t.kind === 'map' ||
      t.kind === 'func'
    ) {
      return zeroValue(t);
    }
    throw new Error(`value is nil; should be of type ${typeString(t)}`);
  }
  try {
    return validateType(value, t);
  } catch {
    throw new Error(`value has type ${typeNameOf(value)}; should be ${typeString(t)}`);
  }
}

/** Message of a thrown function error, mapping JS null dereferences to Go's runtime error. */
export function goErrorMessage(e: unknown): string {
  if (e instanceof TypeError && /of (null|undefined)/.test(e.message)) {
    return 'runtime error: invalid memory address or nil pointer dereference';
  }
  if (e instanceof TemplateExecError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Go's ErrorContext: "name:line:col" (col in bytes, 0-based) and the node's text. */
export function errorContext(n: Node): { location: string; context: string } {
  const text = n.tree.text.slice(0, n.pos);
  const nl = text.lastIndexOf('\n');
  const lineStart = nl === -1 ? 0 : nl + 1;
  const col = Buffer.byteLength(text.slice(lineStart), 'utf8');
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
  return { location: `${n.tree.parseName}:${line}:${col}`, context: n.toString() };
}
