import { JobEngineError } from './errors';
import { dependantsOf, downstreamOf, upstreamOf, validateDag, type DagNode } from './dag';

const n = (key: string, ...dependsOn: string[]): DagNode => ({ key, dependsOn });

function codeOf(result: string[] | JobEngineError): string {
  return result instanceof JobEngineError ? result.code : 'OK';
}

describe('validateDag', () => {
  it('orders a diamond so that every dependency comes first', () => {
    const order = validateDag([n('d', 'b', 'c'), n('b', 'a'), n('c', 'a'), n('a')]);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('accepts independent roots', () => {
    expect(validateDag([n('x'), n('y')])).toEqual(['x', 'y']);
  });

  it.each([
    ['EMPTY_DAG', []],
    ['DUPLICATE_TASK_KEY', [n('a'), n('a')]],
    ['UNKNOWN_DEPENDENCY', [n('a', 'zz')]],
    ['SELF_DEPENDENCY', [n('a', 'a')]],
    ['INVALID_TASK_KEY', [n('a.b')]],
    ['INVALID_TASK_KEY', [n('a:b')]],
    ['INVALID_TASK_KEY', [n('')]],
    ['INVALID_TASK_KEY', [n('x'.repeat(65))]],
  ] as const)('rejects with %s', (code, nodes) => {
    expect(codeOf(validateDag(nodes))).toBe(code);
  });

  it('names the cycle it found', () => {
    const result = validateDag([n('root'), n('a', 'root', 'c'), n('b', 'a'), n('c', 'b'), n('tail', 'c')]);
    expect(result).toBeInstanceOf(JobEngineError);
    const err = result as JobEngineError;
    expect(err.code).toBe('DEPENDENCY_CYCLE');
    const cycle = err.details.cycle as string[];
    expect(cycle[0]).toBe(cycle[cycle.length - 1]);
    expect(new Set(cycle)).toEqual(new Set(['a', 'b', 'c']));
  });

  it('detects a two-node cycle', () => {
    expect(codeOf(validateDag([n('a', 'b'), n('b', 'a')]))).toBe('DEPENDENCY_CYCLE');
  });
});

describe('dependency queries', () => {
  const diamond = [n('a'), n('b', 'a'), n('c', 'a'), n('d', 'b', 'c'), n('e')];

  it('finds transitive dependants', () => {
    expect(downstreamOf(diamond, ['a'])).toEqual(new Set(['b', 'c', 'd']));
    expect(downstreamOf(diamond, ['b'])).toEqual(new Set(['d']));
    expect(downstreamOf(diamond, ['d'])).toEqual(new Set());
    expect(downstreamOf(diamond, ['b', 'c'])).toEqual(new Set(['d']));
  });

  it('finds transitive dependencies (the tasks whose results a task may read)', () => {
    expect(upstreamOf(diamond, 'd')).toEqual(new Set(['a', 'b', 'c']));
    expect(upstreamOf(diamond, 'b')).toEqual(new Set(['a']));
    expect(upstreamOf(diamond, 'a')).toEqual(new Set());
    expect(upstreamOf(diamond, 'e')).toEqual(new Set());
    expect(upstreamOf(diamond, 'missing')).toEqual(new Set());
  });

  it('finds direct dependants', () => {
    expect(dependantsOf(diamond, 'a').map((x) => x.key)).toEqual(['b', 'c']);
  });
});
