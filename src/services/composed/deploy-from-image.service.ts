/**
 * deployFromImage (PRODUCT.md H9): a private one-node COMPOSED app of the caller made from an
 * image reference, and its instance deployed at once — no review: the version stays DRAFT and
 * goes only to TEST runtimes or to runtimes the caller owns. The app lives in the runtime's
 * workspace (where the instance lives); deploying the same name again after the instance was
 * ceased adds a version to the caller's app of that name. App, version, instance, revision and
 * job are written in one transaction: a refused deploy leaves no app behind.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { AppType, RuntimeEnvironment, Visibility } from '../../entities/enums';
import type { Runtime } from '../../entities/runtime.entity';
import { loadPackageArchive } from '../../packages/package-loader';
import { packageFileName } from '../../packages/package-naming';
import { compareVersions } from '../../packages/package-version';
import { insertApp, insertVersion, type RowOwner, type StoredPackage } from '../apps/app-rows';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { DEPLOY_TARGETS } from '../instances/deploy-targets';
import { InvalidStateFailure, NameTakenFailure, nameTakenOnConflict, ValidationFailure } from '../errors';
import { createDeployedInstance, writableRuntime, type DeployOutcome } from '../instances/instance-deploy';
import { releaseNameProblem } from '../instances/instance-names';
import type { OperationDeps, StartedOperation } from '../instances/instance-operation';
import type { Platform } from '../platform';
import { imageAppArchive, imageAppProblems, type ImageDeployRequest } from './image-app';

/** Carries a refusal out of the transaction so that it rolls back. */
class Refused extends Error {
  constructor(readonly failure: NameTakenFailure | InvalidStateFailure | ValidationFailure) {
    super(failure.message);
  }
}

const invalid = (path: string, message: string) => new ValidationFailure(message, [{ path, message }]);

export class DeployFromImageService {
  constructor(
    private readonly platform: Platform,
    private readonly deps: OperationDeps,
  ) {}

  async deploy(em: EntityManager, actor: Actor, input: ImageDeployRequest): Promise<DeployOutcome> {
    actor.require(PERMISSIONS.RUNTIME_USE);
    const request = { ...input, name: input.name.trim(), image: input.image.trim() };
    const nameProblem = releaseNameProblem(request.name);
    if (nameProblem) return new ValidationFailure(`Invalid instance name: ${nameProblem.message}`, [nameProblem]);
    const runtime = await writableRuntime(em, actor, request.runtimeId);
    const refused = runtimeProblem(actor, runtime);
    if (refused) return refused;
    const problems = imageAppProblems(request);
    if (problems.length)
      return new ValidationFailure(
        `Invalid image deploy: ${problems[0].path}: ${problems[0].message}`,
        problems.map((p) => ({ path: p.path, message: p.message })),
        'INVALID_COMPOSITION',
      );
    const existing = await em.findOne(App, { workspace: runtime.workspace.id, repo: null, name: request.name });
    if (existing && (existing.type !== AppType.COMPOSED || existing.owner.id !== actor.userId))
      return new NameTakenFailure(`An app named "${request.name}" already exists in this workspace`);
    const versionName = existing ? await this.nextVersion(em, existing) : '1.0.0';
    const stored = await this.store(request, versionName);
    if (stored instanceof ValidationFailure) return stored;
    const owner: RowOwner = { userId: actor.userId, workspaceId: runtime.workspace.id, visibility: Visibility.PRIVATE };
    const taken = () => new NameTakenFailure(`You already have an instance or app named "${request.name}"`);
    try {
      return await nameTakenOnConflict(
        () =>
          em.transactional((tx) => this.write(tx, actor, owner, runtime, stored, existing?.id, request.description)),
        taken,
      );
    } catch (err) {
      if (err instanceof Refused) return err.failure;
      throw err;
    }
  }

  private async write(
    tx: EntityManager,
    actor: Actor,
    owner: RowOwner,
    runtime: Runtime,
    stored: StoredPackage,
    appId: string | undefined,
    description: string | null | undefined,
  ): Promise<StartedOperation> {
    const app = appId ? await tx.findOneOrFail(App, appId) : await insertApp(tx, owner, stored, undefined, []);
    const version = await insertVersion(tx, owner, app, stored, actor.userId, 'deployed from image');
    const started = await createDeployedInstance(
      tx,
      this.deps,
      actor,
      { name: stored.pkg.name, overrides: {}, runtime, version },
      description,
    );
    if (started instanceof NameTakenFailure || started instanceof InvalidStateFailure) throw new Refused(started);
    return started;
  }

  private async nextVersion(em: EntityManager, app: App): Promise<string> {
    const names = (await em.find(AppVersion, { app: app.id }, { fields: ['name'] })).map((v) => v.name);
    const latest = names.sort(compareVersions).at(-1) ?? '0.9.0';
    const [major, minor, patch] = latest.replace(/^v/, '').split(/[.+-]/).map(Number);
    return `${major}.${minor}.${(patch || 0) + 1}`;
  }

  private async store(request: ImageDeployRequest, version: string): Promise<StoredPackage | ValidationFailure> {
    const bytes = imageAppArchive(request, version);
    const loaded = loadPackageArchive(bytes);
    if (!loaded.ok)
      return new ValidationFailure(
        `Invalid image deploy: ${loaded.issues[0].message}`,
        loaded.issues.map((i) => ({ path: i.path, message: i.message })),
        loaded.issues[0].code,
      );
    const blob = await this.platform.blobs.put(bytes);
    return { pkg: loaded.pkg, blob, fileName: packageFileName(loaded.pkg.name, loaded.pkg.version) };
  }
}

/** Image deploys skip review: TEST runtimes, or runtimes of the caller's own. */
function runtimeProblem(actor: Actor, runtime: Runtime): ValidationFailure | undefined {
  const providers = DEPLOY_TARGETS[AppType.COMPOSED];
  if (!providers.includes(runtime.provider))
    return invalid(
      'runtimeId',
      `Runtime "${runtime.name}" is ${runtime.provider}: images deploy to ${providers.join(' or ')} runtimes`,
    );
  if (runtime.environment === RuntimeEnvironment.TEST || runtime.owner.id === actor.userId) return undefined;
  return invalid(
    'runtimeId',
    `Runtime "${runtime.name}" is a ${runtime.environment} runtime of another user: images deploy without review only to TEST runtimes or your own`,
  );
}
