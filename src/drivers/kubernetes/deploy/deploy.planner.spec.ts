import { AppType } from '../../../entities/enums';
import { validateDag } from '../../../jobs/dag';
import type { InstanceAction, InstanceOperation } from '../../../services/instances/instance-operation.types';
import { KUBE_TASK } from './deploy-tasks';
import { planKubeOperation, planReleaseFailure, renderModeOf } from './deploy.planner';

const op = (action: InstanceAction, revision = 1): InstanceOperation => ({
  action,
  instanceId: 'i-1',
  runtimeId: 'r-1',
  namespace: 'prod',
  releaseName: 'web',
  revision,
  versionId: 'v-1',
  overrides: {},
  timeoutMs: 60000,
});

const keys = (a: InstanceAction, revision = 1) => planKubeOperation(op(a, revision)).map((t) => t.key);

describe('planKubeOperation', () => {
  it('installs: namespace, crds, render, pending record, hooks, apply, wait, hooks, record', () => {
    expect(keys('deploy')).toEqual([
      'namespace',
      'crds',
      'render',
      'release',
      'hooks-pre',
      'apply',
      'wait',
      'hooks-post',
      'record',
    ]);
  });

  it.each<InstanceAction>(['upgrade', 'update_config', 'rollback'])('%s prunes and installs no CRDs', (a) => {
    expect(keys(a, 3)).toEqual([
      'namespace',
      'render',
      'release',
      'hooks-pre',
      'apply',
      'prune',
      'wait',
      'hooks-post',
      'record',
    ]);
  });

  it('recover reinstalls: CRDs and pruning of the previous revision', () => {
    expect(keys('recover', 4)).toEqual([
      'namespace',
      'crds',
      'render',
      'release',
      'hooks-pre',
      'apply',
      'prune',
      'wait',
      'hooks-post',
      'record',
    ]);
  });

  it('stop and start scale, wait on the released objects and record', () => {
    const stop = planKubeOperation(op('stop', 2));
    expect(stop.map((t) => [t.key, t.input])).toEqual([
      ['scale', { direction: 'down' }],
      ['wait', { pollMs: 300, objects: 'release' }],
      ['record', undefined],
    ]);
    expect(planKubeOperation(op('start', 2))[0].input).toEqual({ direction: 'up' });
  });

  it('delete keeps the records; cease purges them before recording', () => {
    expect(keys('delete', 2)).toEqual(['release', 'hooks-pre', 'uninstall', 'hooks-post', 'record']);
    expect(keys('cease', 2)).toEqual(['release', 'hooks-pre', 'uninstall', 'hooks-post', 'purge', 'record']);
    expect(planKubeOperation(op('delete', 2))[0].input).toEqual({ step: 'uninstalling' });
  });

  it('adopt is one task whose key is record', () => {
    expect(planKubeOperation(op('adopt')).map((t) => [t.key, t.action])).toEqual([['record', KUBE_TASK.adopt]]);
  });

  it.each<InstanceAction>([
    'deploy',
    'upgrade',
    'rollback',
    'update_config',
    'stop',
    'start',
    'delete',
    'recover',
    'cease',
    'adopt',
  ])('%s is a valid DAG ending in record, with retries and no secrets in its inputs', (a) => {
    const tasks = planKubeOperation(op(a, 2), { pollMs: 50 });
    expect(validateDag(tasks.map((t) => ({ key: t.key, dependsOn: t.dependsOn ?? [] })))).toEqual(
      tasks.map((t) => t.key),
    );
    expect(tasks[tasks.length - 1].key).toBe('record');
    tasks.forEach((t, i) => {
      if (t.key === 'crds') expect(t.dependsOn).toEqual([]);
      else if (t.key === 'render' && tasks[i - 1].key === 'crds') expect(t.dependsOn).toEqual(['namespace', 'crds']);
      else expect(t.dependsOn).toEqual(i === 0 ? [] : [tasks[i - 1].key]);
      expect(t.maxAttempts).toBe(5);
    });
    expect(JSON.stringify(tasks)).not.toMatch(/kubeconfig|secret/i);
  });

  it('runs crds beside namespace on installs; render waits for both', () => {
    const deps = Object.fromEntries(planKubeOperation(op('deploy', 1)).map((t) => [t.key, t.dependsOn]));
    expect(deps).toMatchObject({ namespace: [], crds: [], render: ['namespace', 'crds'], release: ['render'] });
  });

  it('passes the poll delay to wait and the render mode to render', () => {
    const tasks = planKubeOperation(op('rollback', 3), { pollMs: 40 });
    expect(tasks.find((t) => t.key === 'wait')?.input).toEqual({ pollMs: 40, objects: 'render' });
    expect(tasks.find((t) => t.key === 'render')?.input).toEqual({ mode: 'rollback' });
  });
});

describe('planKubeOperation by app type and layers', () => {
  it('installs no CRDs for app types other than HELM', () => {
    const tasks = planKubeOperation({ ...op('deploy'), appType: AppType.TEMPLATE }).map((t) => t.key);
    expect(tasks).toEqual(['namespace', 'render', 'release', 'hooks-pre', 'apply', 'wait', 'hooks-post', 'record']);
    expect(planKubeOperation({ ...op('deploy'), appType: AppType.HELM }).map((t) => t.key)).toContain('crds');
  });

  it('gives each named layer an apply and a wait, in order, and prunes after the last layer', () => {
    const layered = { ...op('upgrade', 2), appType: AppType.COMPOSED, layers: ['init', 'mysql, redis', 'web'] };
    const tasks = planKubeOperation(layered, { pollMs: 40 });
    expect(tasks.map((t) => t.key)).toEqual([
      'namespace',
      'render',
      'release',
      'hooks-pre',
      'apply-0',
      'wait-0',
      'apply-1',
      'wait-1',
      'apply-2',
      'wait-2',
      'prune',
      'hooks-post',
      'record',
    ]);
    expect(tasks.find((t) => t.key === 'apply-1')).toMatchObject({
      action: KUBE_TASK.apply,
      input: { layer: 1 },
      target: 'prod/web#mysql, redis',
      dependsOn: ['wait-0'],
    });
    expect(tasks.find((t) => t.key === 'wait-2')).toMatchObject({
      action: KUBE_TASK.wait,
      input: { pollMs: 40, objects: 'render', layer: 2 },
      dependsOn: ['apply-2'],
    });
    expect(validateDag(tasks.map((t) => ({ key: t.key, dependsOn: t.dependsOn ?? [] })))).toEqual(
      tasks.map((t) => t.key),
    );
  });

  it('plans the single apply and wait when the operation names no layers', () => {
    expect(keys('deploy')).toContain('apply');
    expect(planKubeOperation({ ...op('deploy'), layers: [] }).map((t) => t.key)).toEqual(keys('deploy'));
  });
});

describe('renderModeOf', () => {
  it('maps every action', () => {
    expect(
      (
        [
          'deploy',
          'upgrade',
          'rollback',
          'update_config',
          'stop',
          'start',
          'delete',
          'recover',
          'cease',
          'adopt',
        ] as const
      ).map(renderModeOf),
    ).toEqual(['install', 'upgrade', 'rollback', 'upgrade', null, null, null, 'install', null, null]);
  });
});

describe('planReleaseFailure', () => {
  it('plans one idempotent mark-failed task for operations that write a pending record', () => {
    const job = planReleaseFailure(op('upgrade', 3), 'job-9');
    expect(job?.tasks.map((t) => [t.key, t.action, t.target])).toEqual([
      ['mark-failed', KUBE_TASK.markFailed, 'prod/web.v3'],
    ]);
    expect(job?.input).toMatchObject({ revision: 3, failedJobId: 'job-9', releaseName: 'web' });
  });

  it.each<InstanceAction>(['stop', 'start', 'delete', 'cease', 'adopt'])('is null for %s', (a) => {
    expect(planReleaseFailure(op(a, 2), 'j')).toBeNull();
  });
});
