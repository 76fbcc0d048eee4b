/**
 * values.schema.json validation: gojsonschema's messages and field paths for the keywords charts
 * use, and the per-schema report memo (same report from the memo, mutations seen, values whose
 * JSON text is not exact — NaN, -0, array holes, typed values — never answered from it).
 */
import type { GoMapObject, GoValue } from '@marina/go-runtime';
import type { Chart } from '../chart/chart.types';
import { validateAgainstSchema } from './values-schema';

const SCHEMA = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 2, pattern: '^[a-z]+$' },
    replicas: { type: 'integer', minimum: 1, maximum: 5 },
    ratio: { type: ['number', 'null'], exclusiveMaximum: 1 },
    mode: { enum: ['a', 'b'] },
    list: { type: 'array', items: { type: 'string' }, uniqueItems: true, maxItems: 3 },
    tuple: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false },
    has: { type: 'array', contains: { const: 'x' } },
    strict: { type: 'object', additionalProperties: false, properties: { ok: { type: 'boolean' } } },
    typed: { type: 'object', additionalProperties: { type: 'integer' } },
    patterned: {
      type: 'object',
      patternProperties: { '^s_': { type: 'string' }, '^n_': { type: 'number' } },
      additionalProperties: false,
    },
    nested: { type: 'object', properties: { deep: { type: 'object', properties: { leaf: { type: 'string' } } } } },
    ref: { $ref: '#/definitions/port' },
    any: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
  },
  definitions: { port: { type: 'integer', minimum: 1, maximum: 65535 } },
};

function chartWith(schema: unknown, name = 'c'): Chart {
  return { schema: Buffer.from(JSON.stringify(schema)), metadata: { name }, dependencies: [] } as unknown as Chart;
}

const CASES: Array<[GoValue, string | null]> = [
  [{ name: 'ok' }, null],
  [{}, 'c:\n- (root): name is required\n'],
  [
    { name: 'Bad_Name', replicas: 9, ratio: 1, mode: 'c' },
    `c:\n- name: Does not match pattern '^[a-z]+$'\n- replicas: Must be less than or equal to 5\n- ratio: Must be less than 1\n- mode: mode must be one of the following: "a", "b"\n`,
  ],
  [
    { name: 'ok', replicas: 2.5, ratio: null, list: ['a', 'a', 'b', 'c'] },
    'c:\n- replicas: Invalid type. Expected: integer, given: number\n- list: Array must have at most 3 items\n- list: array items[0,1] must be unique\n',
  ],
  [
    { name: 'ok', tuple: ['a', 1, 'extra'], has: ['y', 'z'] },
    'c:\n- tuple: No additional items allowed on array\n- has: At least one of the items must match\n',
  ],
  [
    { name: 'ok', strict: { ok: 'no', other: 1 } },
    'c:\n- strict: Additional property other is not allowed\n- strict.ok: Invalid type. Expected: boolean, given: string\n',
  ],
  [
    { name: 'ok', typed: { a: 1, b: 'x', c: { d: 1 } } },
    'c:\n- typed.b: Invalid type. Expected: integer, given: string\n- typed.c: Invalid type. Expected: integer, given: object\n',
  ],
  [
    { name: 'ok', patterned: { s_a: 'x', s_b: 1, n_c: 2, other: true } },
    'c:\n- patterned: Additional property other is not allowed\n- patterned.s_b: Invalid type. Expected: string, given: integer\n',
  ],
  [
    { name: 'ok', nested: { deep: { leaf: 5 } }, ref: 70000, any: true },
    'c:\n- nested.deep.leaf: Invalid type. Expected: string, given: integer\n- ref: Must be less than or equal to 65535\n- any: Must validate at least one schema (anyOf)\n',
  ],
  [
    { name: 'ok', list: [1, 2] },
    'c:\n- list.0: Invalid type. Expected: string, given: integer\n- list.1: Invalid type. Expected: string, given: integer\n',
  ],
  [{ name: 'ok', typed: { n: 5n } }, null],
  [{ name: 'ok', ratio: -0 }, null],
];

describe('validateAgainstSchema', () => {
  it.each(CASES)('%j', (values, report) => {
    const chart = chartWith(SCHEMA);
    expect(validateAgainstSchema(chart, values as GoMapObject)).toBe(report);
    expect(validateAgainstSchema(chart, values as GoMapObject)).toBe(report); // from the memo
  });

  it('treats keys named like Object.prototype members (constructor, toString) as ordinary keys', () => {
    expect(
      validateAgainstSchema(chartWith(SCHEMA), { name: 'ok', strict: { constructor: 1 } } as unknown as GoMapObject),
    ).toBe('c:\n- strict: Additional property constructor is not allowed\n');
    // helm 3.17.3 on this schema and values prints the dependency first (gojsonschema checks it with enum/const).
    const requiresToString = {
      type: 'object',
      required: ['toString'],
      minProperties: 2,
      dependencies: { valueOf: ['hasOwnProperty'] },
    };
    expect(validateAgainstSchema(chartWith(requiresToString), { valueOf: 1 } as unknown as GoMapObject)).toBe(
      'c:\n- (root): Has a dependency on hasOwnProperty\n- (root): Must have at least 2 properties\n- (root): toString is required\n',
    );
    expect(
      validateAgainstSchema(chartWith(requiresToString), {
        toString: 'x',
        valueOf: 1,
        hasOwnProperty: 2,
      } as unknown as GoMapObject),
    ).toBeNull();
  });

  it('reads plain values as they are and converts the rest (bigints, undefined) first, with the same reports', () => {
    const chart = chartWith({
      type: 'object',
      properties: { n: { type: 'integer', maximum: 3 }, e: { enum: [null] } },
    });
    expect(validateAgainstSchema(chart, { n: 4 })).toBe('c:\n- n: Must be less than or equal to 3\n');
    expect(validateAgainstSchema(chart, { n: 4n })).toBe('c:\n- n: Must be less than or equal to 3\n');
    expect(validateAgainstSchema(chart, { n: [4n] as GoValue, e: undefined })).toBe(
      'c:\n- n: Invalid type. Expected: integer, given: array\n',
    );
    expect(validateAgainstSchema(chart, { n: 2, e: undefined })).toBeNull(); // undefined reads as null
  });

  it('validates subcharts against their own section', () => {
    const sub = chartWith({ type: 'object', properties: { port: { type: 'integer' } } }, 'sub');
    const top = { ...chartWith({ type: 'object' }, 'top'), dependencies: [sub] } as Chart;
    expect(validateAgainstSchema(top, { sub: { port: 'x' } })).toBe(
      'sub:\n- port: Invalid type. Expected: integer, given: string\n',
    );
    expect(validateAgainstSchema(top, { sub: { port: 1 } })).toBeNull();
  });

  it('sees a mutated values tree (the memo key is the content, not the object)', () => {
    const chart = chartWith(SCHEMA);
    const values: Record<string, GoValue> = { name: 'ok', replicas: 2 };
    expect(validateAgainstSchema(chart, values)).toBeNull();
    values.replicas = 7;
    expect(validateAgainstSchema(chart, values)).toBe('c:\n- replicas: Must be less than or equal to 5\n');
  });

  it('never answers values whose JSON text is not exact from the memo (NaN, Infinity and holes print as null)', () => {
    const chart = chartWith({
      type: 'object',
      properties: { n: { type: 'null' }, l: { type: 'array', items: { type: 'string' } } },
    });
    expect(validateAgainstSchema(chart, { n: null })).toBeNull();
    expect(validateAgainstSchema(chart, { n: NaN })).toBe('c:\n- n: Invalid type. Expected: null, given: number\n');
    expect(validateAgainstSchema(chart, { n: Infinity })).toBe(
      'c:\n- n: Invalid type. Expected: null, given: number\n',
    );
    expect(validateAgainstSchema(chart, { l: ['a', null, 'b'] })).toBe(
      'c:\n- l.1: Invalid type. Expected: string, given: null\n',
    );
    // eslint-disable-next-line no-sparse-arrays -- a hole is skipped by `items`, unlike a null
    expect(validateAgainstSchema(chart, { l: ['a', , 'b'] as GoValue[] })).toBeNull();
  });
});
