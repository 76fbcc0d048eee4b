import { buildSet } from './sql-set';

describe('buildSet', () => {
  it('renders parameters, raw SQL, JSON and arrays', () => {
    expect(
      buildSet({ a: 1, b: null, c: { raw: 'now()' }, d: { json: { x: 1 } }, e: ['p', 'q'], f: [], g: undefined }),
    ).toEqual({
      sql: "a = ?, b = ?, c = now(), d = ?::jsonb, e = array[?]::text[], f = '{}'::text[]",
      params: [1, null, '{"x":1}', ['p', 'q']],
    });
  });
});
