/** Values copies: sharing kept by deepCopyShared. */
import type { GoMapObject } from '@marina/go-runtime';
import { deepCopyShared, sharedNodes } from './values-table';

describe('deepCopyShared', () => {
  it('copies every map and array once and keeps which ones are shared', () => {
    const nested: GoMapObject = { a: 1 };
    const list = [1, 2];
    const v: GoMapObject = { global: { nested, list }, sub: { global: { nested, list } }, other: { a: 1 } };
    const shared = sharedNodes(v);
    expect([...shared]).toEqual([nested, list]);
    const c = deepCopyShared(v, shared) as { global: GoMapObject; sub: { global: GoMapObject }; other: GoMapObject };
    expect(c).toEqual(v);
    expect(c.global.nested).not.toBe(nested);
    expect(c.sub.global.nested).toBe(c.global.nested);
    expect(c.sub.global.list).toBe(c.global.list);
    expect(c.global).not.toBe(c.sub.global);
  });

  it('is a plain deep copy when nothing is shared', () => {
    const v: GoMapObject = { a: { b: [{ c: 1 }] } };
    const c = deepCopyShared(v, sharedNodes(v));
    expect(c).toEqual(v);
    expect((c.a as GoMapObject).b).not.toBe((v.a as GoMapObject).b);
  });
});
