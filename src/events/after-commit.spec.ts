import { rootTransaction } from './after-commit';

describe('rootTransaction', () => {
  it('follows MikroORM parentTransaction symbols up to the root', () => {
    const parent = Symbol('parentTransaction');
    const root = { name: 'root' };
    const middle = { name: 'middle', [parent]: root };
    const leaf = { name: 'leaf', [Symbol('parentTransaction')]: middle };
    expect(rootTransaction(leaf)).toBe(root);
    expect(rootTransaction(root)).toBe(root);
  });
});
