import type { KubeObject } from '../kube-object.types';
import { deletePolicies, hookState, planHooks, type HookLike } from './hook-plan';

const hook = (name: string, kind: string, weight: number, events: string[], policies: string[] = []): HookLike => ({
  name,
  kind,
  path: `c/templates/${name}.yaml`,
  manifest: `kind: ${kind}`,
  events,
  weight,
  deletePolicies: policies,
});

describe('planHooks', () => {
  // render order: by kind in install order (ConfigMap before Job)
  const hooks = [
    hook('z-cfg', 'ConfigMap', 0, ['pre-install']),
    hook('crd', 'CustomResourceDefinition', -5, ['pre-install'], ['hook-succeeded', 'before-hook-creation']),
    hook('b-job', 'Job', 0, ['pre-install', 'pre-upgrade'], ['hook-succeeded']),
    hook('a-job', 'Job', 0, ['pre-install'], ['hook-failed', 'hook-succeeded']),
    hook('late', 'Job', 10, ['pre-install'], ['before-hook-creation']),
    hook('post', 'Pod', 0, ['post-install']),
    hook('same', 'Secret', 1, ['pre-install']),
    hook('same', 'Job', 1, ['pre-install']),
  ];

  it('keeps the hooks of the event, ordered by weight then name, ties in render order', () => {
    const plan = planHooks(hooks, 'pre-install');
    expect(plan.steps.map((s) => `${s.hook.kind}/${s.hook.name}`)).toEqual([
      'CustomResourceDefinition/crd',
      'Job/a-job',
      'Job/b-job',
      'ConfigMap/z-cfg',
      'Secret/same',
      'Job/same',
      'Job/late',
    ]);
  });

  it('applies delete policies, before-hook-creation by default, never to CRDs', () => {
    const plan = planHooks(hooks, 'pre-install');
    const step = (n: string) => plan.steps.find((s) => s.hook.name === n);
    expect(step('z-cfg')).toMatchObject({
      deleteBeforeCreate: true,
      deleteOnFailure: false,
      completion: 'on-creation',
    });
    expect(step('a-job')).toMatchObject({
      deleteBeforeCreate: false,
      deleteOnFailure: true,
      completion: 'job-complete',
    });
    expect(step('crd')).toMatchObject({ deleteBeforeCreate: false, deleteOnFailure: false });
    expect(plan.deleteAfterSuccess.map((h) => h.name)).toEqual(['b-job', 'a-job']);
    expect(deletePolicies(hook('x', 'Job', 0, [], ['bogus']))).toEqual(['before-hook-creation']);
  });

  it('gives an empty plan for an event without hooks, and Pod hooks wait for Succeeded', () => {
    expect(planHooks(hooks, 'post-delete')).toEqual({ event: 'post-delete', steps: [], deleteAfterSuccess: [] });
    expect(planHooks(hooks, 'post-install').steps[0]).toMatchObject({
      completion: 'pod-succeeded',
      deleteBeforeCreate: true,
    });
    expect(planHooks(hooks, 'pre-upgrade').steps.map((s) => s.hook.name)).toEqual(['b-job']);
  });
});

describe('hookState', () => {
  const obj = (kind: string, status: unknown): KubeObject => ({
    apiVersion: 'v1',
    kind,
    metadata: { name: 'h' },
    status,
  });
  it('a Job is done on Complete=True and failed on Failed=True', () => {
    expect(hookState('job-complete', obj('Job', {}))).toEqual({ state: 'running' });
    expect(hookState('job-complete', obj('Job', { conditions: [{ type: 'Complete', status: 'True' }] }))).toEqual({
      state: 'succeeded',
    });
    expect(hookState('job-complete', obj('Job', { conditions: [{ type: 'Complete', status: 'False' }] }))).toEqual({
      state: 'running',
    });
    expect(
      hookState(
        'job-complete',
        obj('Job', {
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
            },
          ],
        }),
      ),
    ).toEqual({
      state: 'failed',
      reason: 'job h failed: BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
  });
  it('a Pod is done when Succeeded and failed when Failed; other kinds on creation', () => {
    expect(hookState('pod-succeeded', obj('Pod', { phase: 'Running' }))).toEqual({ state: 'running' });
    expect(hookState('pod-succeeded', obj('Pod', { phase: 'Succeeded' }))).toEqual({ state: 'succeeded' });
    expect(hookState('pod-succeeded', obj('Pod', { phase: 'Failed' }))).toEqual({
      state: 'failed',
      reason: 'pod h failed',
    });
    expect(hookState('on-creation', obj('ConfigMap', undefined))).toEqual({ state: 'succeeded' });
  });
});
