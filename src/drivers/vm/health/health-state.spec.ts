import {
  afterCheck,
  checkDue,
  healthPolicy,
  INITIAL_HEALTH,
  type HealthPolicy,
  type HealthState,
} from './health-state';

const policy = (over: Partial<HealthPolicy> = {}): HealthPolicy => ({
  checkCmd: 'check',
  actionCmd: 'restart',
  intervalMs: 10_000,
  timeoutMs: 1000,
  actionTimeoutMs: 5000,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
  ...over,
});

const ok = { ok: true } as const;
const bad = (reason = 'exit 1') => ({ ok: false, reason }) as const;

/** Runs results through the machine, returning each step's health and flags. */
function walk(results: readonly ({ ok: true } | { ok: false; reason: string })[], p = policy(), from = INITIAL_HEALTH) {
  let state: HealthState = from;
  return results.map((r, i) => {
    const step = afterCheck(state, p, r, i * 1000);
    state = step.state;
    return [step.state.health, step.changed, step.runAction];
  });
}

describe('healthPolicy', () => {
  it('fills in the defaults and converts seconds', () => {
    expect(healthPolicy({ enable: true, checkCmd: 'c', intervalSec: 5 })).toEqual({
      checkCmd: 'c',
      actionCmd: null,
      intervalMs: 5000,
      timeoutMs: 10_000,
      actionTimeoutMs: 60_000,
      healthyThreshold: 2,
      unhealthyThreshold: 2,
    });
  });

  it('is null when disabled or without a command', () => {
    expect(healthPolicy(undefined)).toBeNull();
    expect(healthPolicy({ enable: false, checkCmd: 'c' })).toBeNull();
    expect(healthPolicy({ enable: true, checkCmd: '  ' })).toBeNull();
  });

  it('keeps defaults for zero or negative values', () => {
    expect(healthPolicy({ checkCmd: 'c', intervalSec: 0, healthyThreshold: -1 })).toMatchObject({
      intervalMs: 60_000,
      healthyThreshold: 2,
    });
  });
});

describe('afterCheck', () => {
  it('stays UNKNOWN until the healthy threshold, then turns HEALTHY once', () => {
    expect(walk([ok, ok, ok])).toEqual([
      ['UNKNOWN', false, false],
      ['HEALTHY', true, false],
      ['HEALTHY', false, false],
    ]);
  });

  it('turns UNHEALTHY after the unhealthy threshold in a row and asks for the action once', () => {
    expect(walk([ok, ok, bad(), bad(), bad(), bad()])).toEqual([
      ['UNKNOWN', false, false],
      ['HEALTHY', true, false],
      ['HEALTHY', false, false],
      ['HEALTHY', false, false],
      ['UNHEALTHY', true, true],
      ['UNHEALTHY', false, false],
    ]);
  });

  it('a success breaks a failure streak (flapping never reaches a threshold)', () => {
    expect(walk([bad(), bad(), ok, bad(), bad(), ok]).map((s) => s[0])).toEqual(Array(6).fill('UNKNOWN'));
  });

  it('recovers to HEALTHY after the healthy threshold', () => {
    const unhealthy: HealthState = { health: 'UNHEALTHY', streak: -5, checkedAt: 0, lastFailure: 'x' };
    expect(walk([ok, ok], policy(), unhealthy)).toEqual([
      ['UNHEALTHY', false, false],
      ['HEALTHY', true, false],
    ]);
  });

  it('keeps the last failure’s words and clears them on success', () => {
    const first = afterCheck(INITIAL_HEALTH, policy(), bad('exit 3: mysql down'), 7);
    expect(first.state).toEqual({ health: 'UNKNOWN', streak: -1, checkedAt: 7, lastFailure: 'exit 3: mysql down' });
    expect(afterCheck(first.state, policy(), ok, 8).state.lastFailure).toBeNull();
  });

  it('asks for no action when the role has none', () => {
    expect(walk([bad(), bad(), bad()], policy({ actionCmd: null })).at(-1)).toEqual(['UNHEALTHY', true, false]);
  });
});

describe('checkDue', () => {
  it('is due before the first check and once the interval passed', () => {
    expect(checkDue(INITIAL_HEALTH, policy(), 0)).toBe(true);
    const checked: HealthState = { ...INITIAL_HEALTH, checkedAt: 1000 };
    expect(checkDue(checked, policy(), 10_999)).toBe(false);
    expect(checkDue(checked, policy(), 11_000)).toBe(true);
  });
});
