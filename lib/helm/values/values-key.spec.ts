/** Content keys of values trees: equal exactly for trees coalescing cannot tell apart. */
import { GoInt, type GoMapObject, type GoValue } from '@marina/go-runtime';
import { valuesContentKey } from './values-key';

const key = (v: GoValue) => valuesContentKey(v, 1 << 20);

describe('valuesContentKey', () => {
  it('is equal for equal content in different objects, prototype aside', () => {
    const bare = Object.assign(Object.create(null) as GoMapObject, { a: [1, 'x', null, true], b: { c: 2n } });
    expect(key({ a: [1, 'x', null, true], b: { c: 2n } })).toBe(key(bare));
  });

  it('tells apart values that print alike', () => {
    const values: GoValue[] = [
      1,
      1n,
      '1',
      -0,
      0,
      'n',
      null,
      't',
      true,
      [],
      {},
      '[]',
      ['a,b'],
      ['a', 'b'],
      { 'a:b': 1 },
      { a: { b: 1 } },
      Infinity,
      NaN,
      'Infinity',
    ];
    const keys = values.map(key);
    expect(new Set(keys).size).toBe(values.length);
  });

  it('follows key order (coalescing and its warnings do)', () => {
    expect(key({ a: 1, b: 2 })).not.toBe(key({ b: 2, a: 1 }));
  });

  it('has no key for Go typed values, sparse arrays, or past the length limit', () => {
    expect(key({ a: new GoInt(1n, 'int64') })).toBeNull();
    expect(key({ a: [1, , 3] })).toBeNull(); // eslint-disable-line no-sparse-arrays
    expect(valuesContentKey({ a: 'x'.repeat(100) }, 50)).toBeNull();
    expect(valuesContentKey({ a: 'x' }, 50)).not.toBeNull();
  });
});
