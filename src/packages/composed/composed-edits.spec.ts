import { applyCompositionEdit } from './composed-edits';
import { shopAppJson } from './testing/shop.fixture';

const doc = (r: ReturnType<typeof applyCompositionEdit>) => {
  if (!r.ok) throw new Error(r.problem);
  return r.document as ReturnType<typeof shopAppJson>;
};

describe('applyCompositionEdit', () => {
  it('adds a node, refusing a taken name', () => {
    const added = doc(
      applyCompositionEdit(shopAppJson(), { op: 'addNode', node: { name: 'cache', kind: 'MIDDLEWARE' } }),
    );
    expect(added.nodes.map((n) => n.name)).toEqual(['web', 'db', 'orders', 'init', 'cache']);
    expect(applyCompositionEdit(shopAppJson(), { op: 'addNode', node: { name: 'db' } })).toEqual({
      ok: false,
      problem: 'a node named "db" exists already',
    });
    expect(applyCompositionEdit(shopAppJson(), { op: 'addNode', node: 'db' })).toEqual({
      ok: false,
      problem: 'node must be a JSON object',
    });
  });

  it('renames a node with its edges', () => {
    const renamed = doc(
      applyCompositionEdit(shopAppJson(), {
        op: 'updateNode',
        name: 'db',
        node: { name: 'mysql', kind: 'MIDDLEWARE', middleware: 'mysql' },
      }),
    );
    expect(renamed.nodes[1]).toEqual({ name: 'mysql', kind: 'MIDDLEWARE', middleware: 'mysql' });
    expect(renamed.edges).toEqual([
      { from: 'web', to: 'mysql' },
      { from: 'web', to: 'init' },
      { from: 'web', to: 'orders' },
      { from: 'init', to: 'mysql' },
    ]);
  });

  it('removes a node with every edge touching it', () => {
    const removed = doc(applyCompositionEdit(shopAppJson(), { op: 'removeNode', name: 'init' }));
    expect(removed.nodes.map((n) => n.name)).toEqual(['web', 'db', 'orders']);
    expect(removed.edges).toEqual([
      { from: 'web', to: 'db' },
      { from: 'web', to: 'orders' },
    ]);
    expect(applyCompositionEdit(shopAppJson(), { op: 'removeNode', name: 'ghost' })).toEqual({
      ok: false,
      problem: 'there is no node "ghost"',
    });
  });

  it('adds and removes edges, refusing duplicates and unknown ones', () => {
    const added = doc(applyCompositionEdit(shopAppJson(), { op: 'addEdge', from: 'orders', to: 'db' }));
    expect(added.edges).toContainEqual({ from: 'orders', to: 'db' });
    expect(applyCompositionEdit(added, { op: 'addEdge', from: 'orders', to: 'db' })).toEqual({
      ok: false,
      problem: 'edge orders → db exists already',
    });
    const removed = doc(applyCompositionEdit(added, { op: 'removeEdge', from: 'orders', to: 'db' }));
    expect(removed.edges).toEqual(shopAppJson().edges);
    expect(applyCompositionEdit(removed, { op: 'removeEdge', from: 'orders', to: 'db' })).toEqual({
      ok: false,
      problem: 'there is no edge orders → db',
    });
  });

  it('never changes the document it is given', () => {
    const original = shopAppJson();
    applyCompositionEdit(original, { op: 'removeNode', name: 'db' });
    expect(original).toEqual(shopAppJson());
  });
});
