/**
 * Names shared by the deploy planner and its processors: the task actions registered on the job
 * engine and the task keys of a Kubernetes operation's DAG. A key is stable across actions, so a
 * processor reads an upstream result by key (`ctx.upstream(TASK.render)`).
 */

/** Task actions (processor names) of the Kubernetes deploy pipeline. */
export const KUBE_TASK = {
  namespace: 'kube.namespace',
  crds: 'kube.crds',
  render: 'kube.render',
  release: 'kube.release',
  hooks: 'kube.hooks',
  apply: 'kube.apply',
  prune: 'kube.prune',
  wait: 'kube.wait',
  scale: 'kube.scale',
  uninstall: 'kube.uninstall',
  purge: 'kube.purge',
  record: 'kube.record',
  adopt: 'kube.adopt',
  markFailed: 'kube.release-failed',
} as const;

export type KubeTaskAction = (typeof KUBE_TASK)[keyof typeof KUBE_TASK];

/** Task keys. Every operation ends with `record`, whose result is the OperationOutcome. */
export const TASK_KEY = {
  namespace: 'namespace',
  crds: 'crds',
  render: 'render',
  release: 'release',
  preHooks: 'hooks-pre',
  apply: 'apply',
  prune: 'prune',
  wait: 'wait',
  postHooks: 'hooks-post',
  scale: 'scale',
  uninstall: 'uninstall',
  purge: 'purge',
  record: 'record',
} as const;

export type TaskKey = (typeof TASK_KEY)[keyof typeof TASK_KEY];

/** Which half of an operation's hooks a hooks task runs; the event (pre-install…) follows from the render mode. */
export type HookPhase = 'pre' | 'post';

/** What the `release` task does to the release record before anything is applied. */
export type ReleaseStep = 'pending' | 'uninstalling';

/** What the `scale` task does: stop (record replicas, scale to 0) or start (restore them). */
export type ScaleDirection = 'down' | 'up';
