/**
 * `adopt` (key `record`): reads a release helm installed (every revision, any status) and
 * describes the objects of its latest revision. Changes nothing in the cluster. Result: the
 * OperationOutcome plus `adopted`, the release as HELM's adopt reader returns it.
 */
import { DriverError } from '../../../../jobs/errors';
import { done, type Processor } from '../../../../jobs/job.types';
import type { DeployPorts } from '../deploy-ports';
import { withKube } from '../task-context';
import { describe, manifestRefs } from './record.task';

export function adoptProcessor(ports: DeployPorts): Processor {
  return async (ctx) =>
    withKube(ports, ctx, async (scope) => {
      const { op, conn, releases } = scope;
      const history = await releases.history();
      const latest = history[history.length - 1];
      if (!latest)
        throw new DriverError('RELEASE_NOT_FOUND', `no release ${op.releaseName} in namespace ${op.namespace}`, false);
      const adopted = await ports.adopt(conn, op.namespace, op.releaseName);
      const outcome = await describe(scope, manifestRefs(latest.manifest, op.namespace));
      return done({ ...outcome, adopted });
    });
}
