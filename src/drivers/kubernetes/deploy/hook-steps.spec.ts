import type { Hook } from '@marina/helm';
import { deletePolicies, hookOutcome, hooksFor } from './hook-steps';

const hook = (
  name: string,
  weight: number,
  events: Hook['events'],
  kind = 'Job',
  deletePolicies: string[] = [],
): Hook => ({
  name,
  kind,
  path: `c/templates/${name}.yaml`,
  manifest: '',
  events,
  weight,
  deletePolicies,
});

describe('hooksFor', () => {
  it('keeps the hooks of the event, ordered by weight then name', () => {
    const hooks = [
      hook('b', 0, ['pre-install']),
      hook('a', 5, ['pre-install', 'pre-upgrade']),
      hook('c', -1, ['post-install']),
      hook('a0', 0, ['pre-install']),
      hook('z', -3, ['pre-install']),
    ];
    expect(hooksFor(hooks, 'pre-install').map((h) => h.name)).toEqual(['z', 'a0', 'b', 'a']);
    expect(hooksFor(hooks, 'pre-upgrade').map((h) => h.name)).toEqual(['a']);
    expect(hooksFor(hooks, 'post-delete')).toEqual([]);
  });
});

describe('deletePolicies', () => {
  it('defaults to before-hook-creation and ignores unknown policies', () => {
    expect(deletePolicies(hook('a', 0, ['pre-install']))).toEqual(['before-hook-creation']);
    expect(deletePolicies(hook('a', 0, ['pre-install'], 'Job', ['hook-succeeded', 'bogus']))).toEqual([
      'hook-succeeded',
    ]);
  });
});

describe('hookOutcome', () => {
  const obj = (kind: string, status: unknown) => ({ apiVersion: 'v1', kind, metadata: { name: 'h' }, status });
  it('reads Jobs by their conditions', () => {
    expect(hookOutcome(obj('Job', {}))).toEqual({ state: 'running' });
    expect(hookOutcome(obj('Job', { conditions: [{ type: 'Complete', status: 'True' }] }))).toEqual({
      state: 'succeeded',
    });
    expect(
      hookOutcome(obj('Job', { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] })),
    ).toEqual({ state: 'failed', reason: 'Job failed: BackoffLimitExceeded' });
  });
  it('reads Pods by their phase and treats other kinds as done once created', () => {
    expect(hookOutcome(obj('Pod', { phase: 'Running' }))).toEqual({ state: 'running' });
    expect(hookOutcome(obj('Pod', { phase: 'Succeeded' }))).toEqual({ state: 'succeeded' });
    expect(hookOutcome(obj('Pod', { phase: 'Failed' })).state).toBe('failed');
    expect(hookOutcome(obj('ConfigMap', undefined))).toEqual({ state: 'succeeded' });
  });
});
