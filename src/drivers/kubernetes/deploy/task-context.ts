/**
 * Helpers every deploy processor shares: the operation (the job's input), upstream task results,
 * and one cluster connection lease per execution (always given back).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DriverError } from '../../../jobs/errors';
import type { ProcessorEvent, TaskContext } from '../../../jobs/job.types';
import type { InstanceOperation } from '../../../services/instances/instance-operation.types';
import type { KubeConnection } from '../kube-connection.types';
import type { TaskKey } from './deploy-tasks';
import type { DeployPorts, ReleasePort, ResultSealer } from './deploy-ports';
import type { RenderedRelease } from './tasks/render.task';

const REQUIRED: readonly (keyof InstanceOperation)[] = [
  'action',
  'instanceId',
  'runtimeId',
  'namespace',
  'releaseName',
  'versionId',
];

/** The job's InstanceOperation; BAD_TASK_INPUT (not retried) when the job was planned without one. */
export function operationOf(ctx: Pick<TaskContext, 'job'>): InstanceOperation {
  const input = ctx.job.input as Partial<InstanceOperation> | null;
  const missing = REQUIRED.filter((k) => typeof input?.[k] !== 'string');
  if (!input || missing.length > 0 || typeof input.revision !== 'number')
    throw new DriverError(
      'BAD_TASK_INPUT',
      `the job has no valid InstanceOperation (missing ${missing.join(', ')})`,
      false,
    );
  return input as InstanceOperation;
}

/** The stored result of upstream task `key` (as its processor returned it). */
export function upstream<T>(ctx: TaskContext, key: TaskKey): T {
  const result = ctx.upstream(key);
  if (!result) throw new DriverError('NO_UPSTREAM_RESULT', `task "${key}" left no result for ${ctx.task.key}`, false);
  return result as T;
}

/** What binds a sealed render result to its operation's revision. */
export function renderAad(op: Pick<InstanceOperation, 'instanceId' | 'revision'>): string {
  return `render:${op.instanceId}:${op.revision}`;
}

/** What `render` stores: the rendered release sealed, plus what may be read in clear (job warnings). */
export function sealRendered(
  sealer: ResultSealer,
  op: InstanceOperation,
  rendered: RenderedRelease,
): Record<string, unknown> {
  return {
    sealed: sealer.seal(JSON.stringify(rendered), renderAad(op)),
    manifestDigest: rendered.manifestDigest,
    warnings: rendered.warnings ?? [],
  };
}

/**
 * The `render` task's release, opened. A result stored in clear (a job rendered before results
 * were sealed) is read as it is.
 */
export function renderedRelease(ctx: TaskContext, ports: Pick<DeployPorts, 'results'>): RenderedRelease {
  const result = upstream<Record<string, unknown>>(ctx, 'render');
  if (typeof result.sealed !== 'string') return result as unknown as RenderedRelease;
  try {
    return JSON.parse(ports.results.open(result.sealed, renderAad(operationOf(ctx)))) as RenderedRelease;
  } catch (err) {
    throw new DriverError(
      'RENDER_RESULT_SEALED',
      `the render result of ${ctx.task.key} cannot be opened with this key`,
      false,
      {
        cause: err,
      },
    );
  }
}

/** One input field of the task that must be one of `allowed`. */
export function inputOf<T extends string>(ctx: Pick<TaskContext, 'task'>, key: string, allowed: readonly T[]): T {
  const value = ctx.task.input?.[key];
  if (typeof value !== 'string' || !allowed.includes(value as T))
    throw new DriverError('BAD_TASK_INPUT', `${ctx.task.action} needs ${key} (${allowed.join(' | ')})`, false);
  return value as T;
}

/** The layer index of a per-layer task (`apply-<i>`, `wait-<i>`); undefined for the whole release. */
export function layerOf(ctx: Pick<TaskContext, 'task'>): number | undefined {
  const value = ctx.task.input?.layer;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new DriverError('BAD_TASK_INPUT', `${ctx.task.action} needs layer as a non-negative integer`, false);
  return value;
}

/** What a processor works with during one execution. */
export interface KubeTaskScope {
  readonly op: InstanceOperation;
  readonly conn: KubeConnection;
  readonly releases: ReleasePort;
  readonly em: EntityManager;
}

/** Runs `fn` with a connection to the operation's runtime and its release store; closes (gives back) the connection. */
export async function withKube<T>(
  ports: DeployPorts,
  ctx: TaskContext,
  fn: (scope: KubeTaskScope) => Promise<T>,
): Promise<T> {
  const op = operationOf(ctx);
  const em = ctx.em as EntityManager;
  const conn = await ports.connect(em, op.runtimeId);
  try {
    return await fn({ op, conn, em, releases: ports.releases(conn, op.namespace, op.releaseName) });
  } finally {
    conn.close();
  }
}

/**
 * Instance events recorded one after the other in the order given, without the caller waiting
 * for each: `flushed()` resolves when all are recorded and rejects with the first failure.
 */
export function orderedEmits(ctx: Pick<TaskContext, 'emit'>) {
  let chain: Promise<void> = Promise.resolve();
  return {
    emit(event: ProcessorEvent): void {
      chain = chain.then(() => ctx.emit(event));
      chain.catch(() => undefined); // reported by flushed()
    },
    flushed: (): Promise<void> => chain,
  };
}
