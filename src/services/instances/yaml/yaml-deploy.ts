/**
 * Raw YAML deploy (seed 004 "YAML部署"): `deployYaml` takes Kubernetes YAML text, refuses it with a
 * ValidationError naming document and line (syntax) or document, kind and the API server's message
 * (server dry-run with strict field validation on a worker, ./yaml-dry-run.processor) before
 * anything is written or applied, then deploys it as an ordinary instance; `upgradeYaml` does the
 * same for a new text of an instance it deployed.
 *
 * Design: the text becomes an implicit private TEMPLATE app of the caller (package
 * `yaml-<instance name>`: package.json without variables + template.yaml = the text; version
 * 1.0.<n>, one per text), created through the upload path and deployed through deployInstance. We
 * chose this over a dedicated pipeline path because every instance then has an app version
 * (instances, revisions and the release record need one), and upgrade, rollback, preview, delete,
 * history and the TEMPLATE renderer (API conversion, warnings) work unchanged; the version is a
 * DRAFT of the caller's own app, so the usual rule applies: owners deploy DRAFT versions to TEST
 * runtimes. The text may not contain `{{ … }}` (it is not a template: a template package is).
 */
import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../../entities/app.entity';
import { AppVersion } from '../../../entities/app-version.entity';
import { writeTarGz } from '../../../packages/archive';
import type { AppUploadService } from '../../apps/app-upload.service';
import type { UploadedFile } from '../../apps/upload-reader';
import type { Actor } from '../../auth/actor';
import { PERMISSIONS } from '../../auth/permissions';
import { ValidationFailure } from '../../errors';
import type { EventHub } from '../../../events/event-hub';
import type { JobHooks } from '../../../jobs/job-hooks';
import { deployInstance, writableRuntime, type DeployOutcome } from '../instance-deploy';
import { upgradeInstance, type ChangeOutcome } from '../instance-change';
import { readableInstance } from '../instance-access';
import type { OperationDeps } from '../instance-operation';
import { releaseNameProblem } from '../instance-names';
import { runShortJob } from '../short-job';
import { describeProblem, parseRawYaml, type RawYamlObject } from './raw-yaml';
import { DRY_RUN_TASK_ACTION, dryRunAad, type DryRunResult } from './yaml-dry-run.processor';

export interface YamlDeployDeps extends OperationDeps {
  readonly hooks: JobHooks;
  readonly events: EventHub;
  readonly uploads: AppUploadService;
  readonly deadlineMs?: number;
}

export interface DeployYamlRequest {
  readonly runtimeId: string;
  readonly name: string;
  readonly yaml: string;
}

const invalid = (message: string, problems: readonly string[], path = 'yaml') =>
  new ValidationFailure(message, problems.length ? problems.map((m) => ({ path, message: m })) : [{ path, message }]);

/** The text checked (syntax, objects, dry run against the runtime's cluster); the objects or why not. */
async function checkedYaml(
  em: EntityManager,
  deps: YamlDeployDeps,
  actor: Actor,
  runtime: { id: string; namespace?: string | null; workspace: { id: string } },
  yaml: string,
): Promise<RawYamlObject[] | ValidationFailure> {
  const parsed = parseRawYaml(yaml);
  if (!parsed.ok) {
    const problems = parsed.problems.map(describeProblem);
    return invalid(`The YAML is invalid: ${problems.join('; ')}`, problems);
  }
  if (/\{\{.*?\}\}/s.test(yaml))
    return invalid('Raw YAML may not contain {{ … }} placeholders: upload a template package instead', []);
  const answer = await runShortJob(
    em,
    deps,
    {
      action: 'dry-run',
      subject: `runtime:${runtime.id}`,
      ownerId: actor.userId,
      workspaceId: runtime.workspace.id,
      input: { runtimeId: runtime.id },
      tasks: [
        {
          key: 'dry-run',
          action: DRY_RUN_TASK_ACTION,
          input: {
            runtimeId: runtime.id,
            namespace: runtime.namespace ?? 'default',
            sealedObjects: deps.ports.secrets.seal(JSON.stringify(parsed.objects), dryRunAad(runtime.id)),
          },
          maxAttempts: 2,
        },
      ],
    },
    deps.deadlineMs,
  );
  if (!answer.ok) return invalid(`The dry run failed: ${answer.error}`, [answer.error]);
  const result = answer.result as unknown as DryRunResult;
  if (result.problems.length > 0)
    return invalid(`The cluster refused the YAML (server dry run): ${result.problems.join('; ')}`, result.problems);
  return parsed.objects;
}

/** A template package holding the text as its one template. */
function packageOf(name: string, version: string, yaml: string): Promise<UploadedFile> {
  const meta = {
    name,
    version,
    type: 'template',
    description: 'Raw YAML deployed with deployYaml',
    variables: [],
  };
  const tgz = writeTarGz([
    { path: `${name}/package.json`, data: Buffer.from(JSON.stringify(meta, null, 2)) },
    { path: `${name}/template.yaml`, data: Buffer.from(yaml) },
  ]);
  return Promise.resolve({
    filename: `${name}-${version}.tgz`,
    mimetype: 'application/gzip',
    createReadStream: () => Readable.from([tgz]),
  });
}

export async function deployYaml(
  em: EntityManager,
  deps: YamlDeployDeps,
  actor: Actor,
  input: DeployYamlRequest,
): Promise<DeployOutcome> {
  actor.require(PERMISSIONS.RUNTIME_USE);
  actor.require(PERMISSIONS.APP_DEVELOP);
  const name = input.name.trim();
  const nameProblem = releaseNameProblem(name);
  if (nameProblem) return new ValidationFailure(`Invalid instance name: ${nameProblem.message}`, [nameProblem]);
  const runtime = await writableRuntime(em, actor, input.runtimeId);
  const checked = await checkedYaml(em, deps, actor, runtime, input.yaml);
  if (checked instanceof ValidationFailure) return checked;
  const app = await deps.uploads.createApp(em, actor, { package: packageOf(`yaml-${name}`, '1.0.0', input.yaml) });
  if (!(app instanceof App)) return app;
  const version = await em.findOneOrFail(AppVersion, { app: app.id }, { orderBy: { createdAt: 'desc' } });
  return deployInstance(em, deps, actor, { versionId: version.id, runtimeId: runtime.id, name });
}

/** A new text for an instance deployYaml created: a new version of its implicit app, then an upgrade. */
export async function upgradeYaml(
  em: EntityManager,
  deps: YamlDeployDeps,
  actor: Actor,
  instanceId: string,
  yaml: string,
): Promise<ChangeOutcome> {
  actor.require(PERMISSIONS.RUNTIME_USE);
  const instance = await readableInstance(em, actor, instanceId);
  const app = await em.findOneOrFail(App, instance.app.id);
  if (app.name !== `yaml-${instance.name}`)
    return invalid(`Instance ${instance.name} was not deployed from raw YAML`, [], 'id');
  const runtime = await writableRuntime(em, actor, instance.runtime.id);
  const checked = await checkedYaml(em, deps, actor, runtime, yaml);
  if (checked instanceof ValidationFailure) return checked;
  const count = await em.count(AppVersion, { app: app.id });
  const version = await deps.uploads.createVersion(em, actor, app.id, packageOf(app.name, `1.0.${count}`, yaml));
  if (!(version instanceof AppVersion)) return version;
  return upgradeInstance(em, deps, actor, instanceId, version.id, null);
}
