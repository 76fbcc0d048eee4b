import { KubeApiError } from '../api/api-errors';
import { applyJsonPatch } from './json-patch';
import { applyMergePatch } from './json-merge-patch';

describe('JSON patch (RFC 6902)', () => {
  const doc = { metadata: { labels: { a: '1' } }, list: ['x', 'y'] };

  it('adds, replaces, removes, moves, copies and tests', () => {
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/metadata/labels/b~1c', value: '2' },
      { op: 'replace', path: '/list/0', value: 'X' },
      { op: 'add', path: '/list/-', value: 'z' },
      { op: 'remove', path: '/list/1' },
      { op: 'copy', from: '/metadata/labels/a', path: '/copied' },
      { op: 'move', from: '/copied', path: '/moved' },
      { op: 'test', path: '/moved', value: '1' },
    ]);
    expect(out).toEqual({ metadata: { labels: { a: '1', 'b/c': '2' } }, list: ['X', 'z'], moved: '1' });
    expect(doc.list).toEqual(['x', 'y']);
  });

  it('fails with 422 on a failed test or a missing path', () => {
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/list/0', value: 'nope' }])).toThrow(KubeApiError);
    expect(() => applyJsonPatch(doc, [{ op: 'remove', path: '/nothing/here' }])).toThrow(/missing/);
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/list/5', value: 1 }])).toThrow(/missing/);
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes with null and replaces lists', () => {
    expect(applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({
      a: { c: 2, d: 3 },
      l: [3],
    });
  });
});
