/**
 * adoptRelease: a release that helm installed becomes a Marina instance with its history. A
 * worker first reads the release records (a short job; API processes never open credentials);
 * the chart it names must be a version Marina knows (uploaded or in the store) that the caller
 * may deploy to the runtime. The read task answers an AdoptedRelease (drivers/kubernetes/helm/adopt-reader). Then, in one transaction, the instance is created at the release's
 * latest revision with its values as overrides, its revisions are written as Helm recorded them,
 * and the adopt job (which describes the live objects) locks it CREATING.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppVersion } from '../../entities/app-version.entity';
import { InstanceStatus } from '../../entities/enums';
import { Instance } from '../../entities/instance.entity';
import { InstanceRevision, type RevisionStatus } from '../../entities/instance-revision.entity';
import { User } from '../../entities/user.entity';
import type { AdoptedRelease, AdoptedRevision } from '../../drivers/kubernetes/helm/adopt-reader';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { NameTakenFailure, nameTakenOnConflict, ValidationFailure } from '../errors';
import { writableRuntime, type DeployOutcome } from './instance-deploy';
import { releaseNameProblem } from './instance-names';
import { startOperation } from './instance-operation';
import type { PreviewDeps } from './instance-preview';
import { deployableVersion, kubernetesOnly } from './instance-target';
import { runShortJob } from './short-job';

/** The task action that reads a release's records (registered by the deploy pipeline's processors). */
export const READ_RELEASE_TASK_ACTION = 'kube.read-release';

const invalid = (path: string, message: string) => new ValidationFailure(message, [{ path, message }]);

export async function adoptRelease(
  em: EntityManager,
  deps: PreviewDeps,
  actor: Actor,
  input: { runtimeId: string; namespace: string; name: string },
): Promise<DeployOutcome> {
  actor.require(PERMISSIONS.RUNTIME_USE);
  const nameProblem = releaseNameProblem(input.name);
  if (nameProblem) return new ValidationFailure(`Invalid release name: ${nameProblem.message}`, [nameProblem]);
  const runtime = await writableRuntime(em, actor, input.runtimeId);
  const notKube = kubernetesOnly(runtime);
  if (notKube) return notKube;
  if (input.namespace !== (runtime.namespace ?? 'default'))
    return invalid('namespace', `Runtime "${runtime.name}" deploys to namespace ${runtime.namespace ?? 'default'}`);
  const read = await runShortJob(em, deps, {
    action: 'read_release',
    subject: `runtime:${runtime.id}`,
    ownerId: actor.userId,
    workspaceId: runtime.workspace.id,
    input: { ...input },
    tasks: [{ key: 'read', action: READ_RELEASE_TASK_ACTION, input: { ...input }, maxAttempts: 2 }],
  });
  if (!read.ok) return invalid('name', `Release ${input.name} cannot be adopted: ${read.error}`);
  const release = read.result as unknown as AdoptedRelease;
  const current = release.revisions.at(-1);
  if (!current) return invalid('name', `Release ${input.name} has no revision in namespace ${input.namespace}`);
  const version = await catalogueVersion(em, actor, current, runtime);
  if (version instanceof ValidationFailure) return version;
  const taken = () => new NameTakenFailure(`You already have an instance named "${input.name}"`);
  return nameTakenOnConflict(
    () =>
      em.transactional(async (tx) => {
        if (await tx.count(Instance, { owner: actor.userId, name: input.name, status: { $ne: InstanceStatus.CEASED } }))
          return taken();
        if (await tx.count(Instance, { runtime: runtime.id, name: input.name, status: { $ne: InstanceStatus.CEASED } }))
          return new NameTakenFailure(
            `Release "${input.name}" already belongs to an instance on runtime "${runtime.name}"`,
          );
        const instance = tx.create(Instance, {
          name: input.name,
          app: version.app,
          version,
          runtime,
          owner: tx.getReference(User, actor.userId),
          workspace: runtime.workspace,
          config: current.config,
          revision: current.revision,
        });
        await writeHistory(tx, instance, version, release);
        return startOperation(tx, deps, actor, instance, runtime, 'adopt', { version, overrides: current.config });
      }),
    taken,
  );
}

/** The version of the release's chart the caller may deploy (a version of an app named like the chart). */
async function catalogueVersion(
  em: EntityManager,
  actor: Actor,
  chart: Pick<AdoptedRevision, 'chartName' | 'chartVersion'>,
  runtime: Parameters<typeof deployableVersion>[3],
): Promise<AppVersion | ValidationFailure> {
  const candidates = await em.find(AppVersion, { name: chart.chartVersion, app: { name: chart.chartName } });
  for (const candidate of candidates) {
    const usable = await deployableVersion(em, actor, candidate.id, runtime).catch(() => undefined);
    if (usable instanceof AppVersion) return usable;
  }
  return invalid(
    'name',
    `Chart ${chart.chartName} ${chart.chartVersion} is not in your catalogue: upload it first, then adopt`,
  );
}

/** Helm's statuses as revision statuses (an interrupted pending-* revision counts as failed). */
function revisionStatusOf(helm: string): RevisionStatus {
  if (helm === 'deployed' || helm === 'failed') return helm;
  return helm.startsWith('pending') ? 'failed' : 'superseded';
}

async function writeHistory(
  tx: EntityManager,
  instance: Instance,
  version: AppVersion,
  release: AdoptedRelease,
): Promise<void> {
  const versions = await tx.find(AppVersion, { app: version.app.id });
  for (const entry of release.revisions) {
    const of = versions.find((v) => v.name === entry.chartVersion);
    if (!of) continue;
    tx.create(InstanceRevision, {
      instance,
      revision: entry.revision,
      version: of,
      config: entry.config,
      status: revisionStatusOf(entry.status),
      action: 'adopt',
      manifestDigest: entry.manifestDigest,
    });
  }
}
