/**
 * `kube.release-failed` (the follow-up job of a failed or cancelled operation, see
 * planReleaseFailure): the operation's revision becomes `failed` if it is still `pending-*`;
 * otherwise nothing changes (a later job finished it, or this ran before).
 */
import { done, type Processor } from '../../../../jobs/job.types';
import type { DeployPorts } from '../deploy-ports';
import { withKube } from '../task-context';
import { PENDING_STATUSES } from './release.task';

export function releaseFailedProcessor(ports: DeployPorts): Processor {
  return async (ctx) =>
    withKube(ports, ctx, async ({ op, releases }) => {
      const failedJobId = typeof ctx.job.input?.failedJobId === 'string' ? ctx.job.input.failedJobId : '?';
      const changed = await releases.setStatus(
        op.revision,
        'failed',
        `Operation failed (job ${failedJobId})`,
        PENDING_STATUSES,
      );
      return done({ changed });
    });
}
