import { TokenRegistry } from './idempotency';

describe('TokenRegistry', () => {
  it('returns the first result for the same token and parameters, mismatch for other parameters', () => {
    let changes = 0;
    const tokens = new TokenRegistry([], () => changes++);
    expect(tokens.lookup('RunInstances', 'tok', 'd1')).toBeUndefined();
    tokens.record('RunInstances', 'tok', 'd1', ['i-1']);
    expect(tokens.lookup('RunInstances', 'tok', 'd1')).toEqual({ resultIds: ['i-1'] });
    expect(tokens.lookup('RunInstances', 'tok', 'd2')).toBe('mismatch');
    expect(changes).toBe(1);
  });

  it('keeps scopes apart and never overwrites a recorded token', () => {
    const tokens = new TokenRegistry();
    tokens.record('RunInstances', 'tok', 'd1', ['i-1']);
    tokens.record('RunInstances', 'tok', 'd9', ['i-9']);
    expect(tokens.lookup('CreateVolume', 'tok', 'd1')).toBeUndefined();
    expect(tokens.lookup('RunInstances', 'tok', 'd1')).toEqual({ resultIds: ['i-1'] });
  });

  it('round-trips through its snapshot (the state file)', () => {
    const first = new TokenRegistry();
    first.record('CreateVolume', 'v', 'd', ['vol-1', 'vol-2']);
    const second = new TokenRegistry(JSON.parse(JSON.stringify(first.snapshot())));
    expect(second.lookup('CreateVolume', 'v', 'd')).toEqual({ resultIds: ['vol-1', 'vol-2'] });
  });
});
