import { helmToYaml } from './helm-funcs';
import { marshalYaml } from '../yaml/sigs-yaml';
import type { GoValue } from '@marina/go-runtime';

const direct = (v: GoValue): string => marshalYaml(v).replace(/\n$/, '');

/** `{a: {a: … 'leaf'}}`, n levels deep. */
function deep(n: number): GoValue {
  let v: GoValue = 'leaf';
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

describe('toYaml memo', () => {
  const values: GoValue[] = [
    { a: '1', b: 1, c: true, d: null, e: ['x', 1.5, { f: 'g' }] },
    { a: 1, b: '1' },
    { a: '1', b: 1 },
    { a: 'true' },
    { a: true },
    { a: '' },
    { a: null },
    [],
    {},
    [[]],
    [{}],
    { x: 'line1\nline2' },
    { x: 'é\u0000\ud800' },
    1e21,
    0.1,
    'plain',
    '123',
    { toJSON: 'x' },
    { a: [1, undefined] },
    { a: { b: undefined } },
    Object.assign(Object.create(null), { n: 'null proto' }),
    deep(300),
    deep(150),
    { n: 5n },
    { n: 2n ** 62n },
    { z: -0 },
    { nan: NaN },
    { inf: Infinity },
    { u: undefined },
  ];

  it('returns what the marshaller returns, first time and from the memo', () => {
    for (const v of values) {
      let expected: string;
      try {
        expected = direct(v);
      } catch {
        expected = '';
      }
      expect(helmToYaml(v)).toBe(expected);
      expect(helmToYaml(v)).toBe(expected);
    }
  });

  it('keeps values that print alike in JSON text apart (string vs number vs bool, -0, ints)', () => {
    expect(helmToYaml({ a: '1' })).toBe(`a: "1"`);
    expect(helmToYaml({ a: 1 })).toBe('a: 1');
    expect(helmToYaml({ a: 'true' })).toBe(`a: "true"`);
    expect(helmToYaml({ a: true })).toBe('a: true');
    expect(helmToYaml({ z: -0 })).toBe(direct({ z: -0 }));
    expect(helmToYaml({ num: 2n ** 62n })).toBe('num: 4611686018427387904');
  });

  it('sees mutations of a value it has marshalled before', () => {
    const v: Record<string, GoValue> = { a: 'xx' };
    expect(helmToYaml(v)).toBe('a: xx');
    v.a = 'yy';
    expect(helmToYaml(v)).toBe('a: yy');
  });
});
