/**
 * `release`: the release record before anything is applied. Its result names the revision this
 * one replaces ({@link PreviousRevision}: read from the history it observed here), so `apply` and
 * `prune` do not read and decode the history again. `pending`: the name must be free or
 * this instance's; records left `pending-*` by earlier, abandoned operations become `failed` (so a
 * crash is never a dead end for helm either), then this revision is written `pending-install` /
 * `-upgrade` / `-rollback`. An existing record of the revision is kept as it is: a re-run or a
 * retried job converges, and `record` finishes that revision even when a failure follow-up had
 * marked it `failed` meanwhile.
 * `uninstalling`: the revision's record is marked `uninstalling`.
 */
import type { Chart } from '@marina/helm';
import { AppType } from '../../../../entities/enums';
import { DriverError } from '../../../../jobs/errors';
import { done, type Processor, type TaskContext } from '../../../../jobs/job.types';
import type { ReleaseStep } from '../deploy-tasks';
import type { DeployPorts, PendingRevision, ReleasePort, ReleaseRevision, ReleaseStatus } from '../deploy-ports';
import type { RenderMode } from '../deploy.planner';
import type { RenderedRelease } from './render.task';
import { previousRevision } from '../release-history';
import { stubChart } from '../renderers/stub-chart';
import { inputOf, upstream, withKube, type KubeTaskScope, renderedRelease } from '../task-context';

/** The revision an operation replaces (see previousRevision), as `release` found it. */
export interface PreviousRevision {
  readonly version: number;
  readonly applyMethod: ReleaseRevision['applyMethod'];
  readonly manifest: string;
}

/** The `release` task's result for a `pending` step. */
export interface PendingResult {
  readonly status: ReleaseStatus;
  readonly abandoned: readonly number[];
  readonly previous: PreviousRevision | null;
}

/**
 * The revision `op` replaces, from the `release` task's result; read from the history when that
 * result names none (a release task finished by an older worker that did not record it).
 */
export async function replacedRevision(ctx: TaskContext, scope: KubeTaskScope): Promise<PreviousRevision | null> {
  const found = upstream<Partial<PendingResult>>(ctx, 'release').previous;
  if (found !== undefined) return found;
  return previousRevision(await scope.releases.history(), scope.op.revision);
}

export const PENDING_STATUSES: readonly ReleaseStatus[] = ['pending-install', 'pending-upgrade', 'pending-rollback'];

const PENDING_OF: Readonly<Record<RenderMode, PendingRevision['status']>> = {
  install: 'pending-install',
  upgrade: 'pending-upgrade',
  rollback: 'pending-rollback',
};

export function releaseProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const step = inputOf<ReleaseStep>(ctx, 'step', ['pending', 'uninstalling']);
    return withKube(ports, ctx, async (scope) => {
      if (step === 'uninstalling') {
        await scope.releases.setStatus(scope.op.revision, 'uninstalling', 'Deletion in progress', [
          'deployed',
          'failed',
          'superseded',
          ...PENDING_STATUSES,
        ]);
        return done({ status: 'uninstalling' });
      }
      return done({ ...(await writePending(ports, scope, renderedRelease(ctx, ports))) });
    });
  };
}

async function writePending(
  ports: DeployPorts,
  scope: KubeTaskScope,
  rendered: RenderedRelease,
): Promise<PendingResult> {
  const { op, releases } = scope;
  const history = await releases.history();
  assertNameFree(history, scope);
  const abandoned = await failAbandoned(releases, history, op.revision);
  const before = previousRevision(history, op.revision);
  const previous = before && { version: before.version, applyMethod: before.applyMethod, manifest: before.manifest };
  const existing = history.find((r) => r.version === op.revision);
  if (existing) return { status: existing.status, abandoned, previous };
  const status = PENDING_OF[rendered.mode];
  await releases.writePending({
    name: op.releaseName,
    namespace: op.namespace,
    version: op.revision,
    status,
    chart: await recordChart(ports, scope, rendered),
    config: op.overrides,
    manifest: rendered.manifest,
    hooks: rendered.hooks,
    notes: rendered.notes,
    description: descriptionOf(rendered.mode, scope),
    instanceId: op.instanceId,
  });
  return { status, abandoned, previous };
}

/** The chart the record stores: the version's own for HELM, else one describing the rendered app. */
async function recordChart(ports: DeployPorts, scope: KubeTaskScope, rendered: RenderedRelease): Promise<Chart> {
  if ((rendered.appType ?? AppType.HELM) === AppType.HELM) return ports.chart(scope.em, scope.op.versionId);
  return stubChart(rendered.chart);
}

function descriptionOf(mode: RenderMode, { op }: KubeTaskScope): string {
  if (mode === 'install') return 'Initial install underway';
  if (mode === 'rollback') return `Rollback to ${op.rollbackTo ?? '?'}`;
  return 'Preparing upgrade';
}

/** A release name held by records another owner wrote (helm, or another instance) is refused. */
function assertNameFree(history: readonly ReleaseRevision[], { op }: KubeTaskScope): void {
  if (op.action !== 'deploy') return;
  const foreign = history.find((r) => r.instanceId !== op.instanceId);
  if (foreign)
    throw new DriverError(
      'NAME_TAKEN',
      `release name "${op.releaseName}" is already used in namespace ${op.namespace} (revision ${foreign.version}, ${foreign.status})`,
      false,
    );
}

/** Older revisions still `pending-*` were left by operations that ended without finishing them. */
async function failAbandoned(releases: ReleasePort, history: readonly ReleaseRevision[], revision: number) {
  const stale = history.filter((r) => r.version < revision && PENDING_STATUSES.includes(r.status));
  for (const r of stale)
    await releases.setStatus(r.version, 'failed', 'Release left pending by an interrupted operation', PENDING_STATUSES);
  return stale.map((r) => r.version);
}
