/**
 * `kube.dry-run` (a short job the API awaits before a raw YAML deploy writes anything): every
 * object of the text, converted for the cluster's API versions like a template's, is applied with
 * server dry-run and strict field validation (`dryRun=All`, `fieldValidation=Strict`) — the API
 * server validates and admits it and persists nothing. Answers the problems, each naming its
 * document and kind with the API server's message, and the conversion warnings.
 */
import { DriverError } from '../../../jobs/errors';
import { done, type Processor } from '../../../jobs/job.types';
import { convertForCluster, servedBy, UnsupportedApiError } from '../../../drivers/kubernetes/convert/api-conversion';
import type { DeployPorts } from '../../../drivers/kubernetes/deploy/deploy-ports';
import type { RawYamlObject } from './raw-yaml';

export const DRY_RUN_TASK_ACTION = 'kube.dry-run';

/** The task's input: the objects sealed (a text may hold Secrets; task inputs are rows in PostgreSQL). */
export interface DryRunInput {
  readonly runtimeId: string;
  readonly namespace: string;
  /** `RawYamlObject[]` as JSON, sealed with the platform key bound to {@link dryRunAad}. */
  readonly sealedObjects: string;
}

/** What binds a dry run's sealed objects to its runtime. */
export function dryRunAad(runtimeId: string): string {
  return `dry-run:${runtimeId}`;
}

export interface DryRunResult {
  readonly problems: string[];
  readonly warnings: string[];
}

function inputOf(
  input: Readonly<Record<string, unknown>> | null,
  ports: Pick<DeployPorts, 'results'>,
): { runtimeId: string; namespace: string; objects: RawYamlObject[] } {
  const i = input as Partial<DryRunInput> | null;
  if (typeof i?.runtimeId !== 'string' || typeof i.namespace !== 'string' || typeof i.sealedObjects !== 'string')
    throw new DriverError('BAD_TASK_INPUT', 'a dry run needs runtimeId, namespace and sealedObjects', false);
  let objects: unknown;
  try {
    objects = JSON.parse(ports.results.open(i.sealedObjects, dryRunAad(i.runtimeId)));
  } catch (err) {
    throw new DriverError('BAD_TASK_INPUT', 'the dry run objects cannot be opened with this key', false, {
      cause: err,
    });
  }
  if (!Array.isArray(objects)) throw new DriverError('BAD_TASK_INPUT', 'the dry run objects are not a list', false);
  return { runtimeId: i.runtimeId, namespace: i.namespace, objects: objects as RawYamlObject[] };
}

export function dryRunProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const input = inputOf(ctx.task.input, ports);
    const conn = await ports.connect(ctx.em as never, input.runtimeId);
    try {
      const where = (i: number) => `document ${input.objects[i].document}`;
      let converted;
      try {
        converted = convertForCluster(
          input.objects.map((o) => o.object),
          servedBy(await conn.apiVersions()),
          where,
        );
      } catch (err) {
        if (err instanceof UnsupportedApiError) return done({ problems: [...err.problems], warnings: [] });
        throw err;
      }
      const problems: string[] = [];
      for (const [i, obj] of converted.objects.entries()) {
        try {
          await conn.apply(obj, input.namespace, {
            fieldManager: ports.fieldManager,
            force: true,
            dryRun: true,
            fieldValidation: 'Strict',
          });
        } catch (err) {
          if (!(err instanceof DriverError) || err.retryable) throw err;
          problems.push(`${where(i)} (${obj.kind} ${obj.metadata.name}): ${err.message}`);
        }
      }
      const result: DryRunResult = { problems, warnings: converted.warnings };
      return done({ ...result });
    } finally {
      conn.close();
    }
  };
}
