import { ValidationFailure } from '../../errors';
import { MAX_OVERRIDES_BYTES, parseOverrides } from './value-overrides';

describe('parseOverrides', () => {
  it.each([[undefined], [null]])('reads %p as no overrides', (input) => {
    expect(parseOverrides(input)).toEqual({});
  });

  it('returns a private copy of a JSON object', () => {
    const input = { image: { tag: '1.2', pullPolicy: null }, ports: [80, 443], on: true };
    const out = parseOverrides(input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect((out as typeof input).image).not.toBe(input.image);
  });

  it.each([
    ['a string', 'x', 'config'],
    ['an array', [1], 'config'],
    ['a number', 3, 'config'],
    ['a class instance', new Date(0), 'config'],
    ['NaN', { a: { b: Number.NaN } }, 'config.a.b'],
    ['Infinity in an array', { a: [1, Infinity] }, 'config.a[1]'],
    ['undefined', { a: undefined }, 'config.a'],
    ['a function', { a: () => 1 }, 'config.a'],
    ['a bigint', { a: 1n }, 'config.a'],
  ])('refuses %s, naming the path', (_what, input, path) => {
    const out = parseOverrides(input);
    expect(out).toBeInstanceOf(ValidationFailure);
    expect((out as ValidationFailure).details[0].path).toBe(path);
  });

  it('refuses deep nesting and oversized input', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = { a: deep };
    expect(parseOverrides(deep)).toBeInstanceOf(ValidationFailure);
    const big = { a: 'x'.repeat(MAX_OVERRIDES_BYTES) };
    expect((parseOverrides(big) as ValidationFailure).details[0].message).toMatch(/at most/);
  });

  it('keeps a __proto__ key as data', () => {
    const out = parseOverrides(JSON.parse('{"__proto__": {"x": 1}}'));
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
