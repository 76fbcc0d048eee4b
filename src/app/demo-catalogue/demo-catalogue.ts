/**
 * Seeds the embedded profile's demo catalogue: the charts of demo-charts.ts become ACTIVE apps of
 * the first admin in the "demo" category, through the same services a user goes through —
 * uploaded (AppUploadService), submitted, reviewed and released (the version lifecycle and
 * review services, audited with the admin as actor). Idempotent: an app or version that exists is
 * not uploaded again, and a version is only moved forward on the way to ACTIVE, so a demo app the
 * admin suspended, rejected or deleted stays as the admin left it.
 */
import { Readable } from 'node:stream';
import { join } from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { Category } from '../../entities/category.entity';
import { AppStatus, VersionStatus } from '../../entities/enums';
import { ReviewPhase } from '../../entities/review-phase.entity';
import { User } from '../../entities/user.entity';
import { packDirectory } from '../../packages/package-directory';
import type { Services } from '../../server/services';
import type { UploadedFile } from '../../services/apps/upload-reader';
import type { Actor } from '../../services/auth/actor';
import { loadActor } from '../../services/auth/authentication.service';
import { BuiltinRole } from '../../services/auth/permissions';
import { isFailure, type Failure } from '../../services/errors';
import { findOpenReview, PHASE_STATUS } from '../../services/reviews/review-rows';
import { DEMO_CATEGORY, DEMO_CHARTS, findDemoChartsDir } from './demo-charts';

/** What seeding did: per chart version, its store status afterwards (or why it was left out). */
export type SeedReport = ReadonlyArray<{ readonly chart: string; readonly outcome: string }>;

interface Seeding {
  readonly orm: MikroORM;
  readonly services: Services;
  readonly actor: Actor;
  readonly workspaceId: string;
  readonly categoryId: string;
}

/**
 * The embedded profile's start-up step: seeds the catalogue from the checkout's demo/charts.
 * Never fails the start: a checkout without the charts, or a seeding error, is logged.
 */
export async function startDemoCatalogue(orm: MikroORM, services: Services, log: Logger): Promise<void> {
  const dir = findDemoChartsDir();
  if (!dir) return log.warn('demo catalogue: no demo/charts folder found; skipped');
  try {
    await seedDemoCatalogue(orm, services, dir, log);
  } catch (err) {
    log.error({ err }, 'demo catalogue: seeding failed');
  }
}

/** Seeds the demo apps from `chartsDir`; does nothing while there is no admin. */
export async function seedDemoCatalogue(
  orm: MikroORM,
  services: Services,
  chartsDir: string,
  log: Logger,
): Promise<SeedReport> {
  const admin = await orm.em
    .fork()
    .findOne(User, { roles: { name: BuiltinRole.ADMIN }, workspace: { $ne: null } }, { orderBy: { createdAt: 'asc' } });
  const loaded = admin?.workspace ? await loadActor(orm.em.fork(), admin.id) : undefined;
  if (!admin?.workspace || !loaded) return [];
  const categoryId = await demoCategory(orm, services, loaded.actor);
  const seeding: Seeding = { orm, services, actor: loaded.actor, workspaceId: admin.workspace.id, categoryId };
  const report: { chart: string; outcome: string }[] = [];
  for (const chart of DEMO_CHARTS) {
    const outcome = await seedChart(seeding, join(chartsDir, chart));
    report.push({ chart, outcome });
    if (outcome !== VersionStatus.ACTIVE) log.warn({ chart, outcome }, 'demo catalogue: chart not active');
  }
  log.info({ charts: report.length }, 'demo catalogue ready');
  return report;
}

async function demoCategory(orm: MikroORM, services: Services, actor: Actor): Promise<string> {
  const existing = await orm.em.fork().findOne(Category, { name: DEMO_CATEGORY });
  if (existing) return existing.id;
  const created = await services.categories.create(orm.em.fork(), actor, {
    name: DEMO_CATEGORY,
    description: 'Small charts shipped with Marina to try deploys, upgrades and previews',
  });
  return created.id;
}

/** Uploads one chart version if missing and moves it to ACTIVE; returns its status or why not. */
async function seedChart(s: Seeding, dir: string): Promise<string> {
  const packed = packDirectory(dir);
  if (!packed.ok) return `invalid package: ${packed.issues.map((i) => i.message).join('; ')}`;
  const { name, version } = packed.pkg;
  const em = s.orm.em.fork();
  const app = await em.findOne(App, { workspace: s.workspaceId, repo: null, name });
  if (app?.status === AppStatus.DELETED) return 'app deleted by an admin';
  let found = app ? await em.findOne(AppVersion, { app: app.id, name: version }) : null;
  if (!found) {
    const upload = uploadOf(packed.fileName, packed.archive);
    const created = app
      ? await s.services.appUploads.createVersion(em, s.actor, app.id, upload)
      : await s.services.appUploads.createApp(em, s.actor, { package: upload, categoryIds: [s.categoryId] });
    if (isFailure(created)) return failureText(created);
    found = await s.orm.em.fork().findOneOrFail(AppVersion, {
      app: { workspace: s.workspaceId, repo: null, name },
      name: version,
    });
  }
  return toActive(s, found.id);
}

const MAX_STEPS = 12;

/** Moves a version forward step by step until ACTIVE (or a status seeding leaves alone). */
async function toActive(s: Seeding, versionId: string): Promise<string> {
  for (let step = 0; step < MAX_STEPS; step++) {
    const em = s.orm.em.fork();
    const version = await em.findOneOrFail(AppVersion, versionId);
    const moved = await nextStep(s, em, version);
    if (moved === null) return version.status;
    if (isFailure(moved)) return failureText(moved);
  }
  return 'no progress towards ACTIVE';
}

async function nextStep(s: Seeding, em: EntityManager, version: AppVersion): Promise<AppVersion | Failure | null> {
  switch (version.status) {
    case VersionStatus.DRAFT:
      return s.services.versions.submit(em, s.actor, version.id);
    case VersionStatus.PASSED:
      return s.services.versions.release(em, s.actor, version.id);
    case VersionStatus.SUBMITTED:
    case VersionStatus.IN_REVIEW:
      return reviewStep(s, em, version.id);
    default:
      return null;
  }
}

/** Claims the open review's current stage, or passes it once claimed. */
async function reviewStep(s: Seeding, em: EntityManager, versionId: string): Promise<AppVersion | Failure | null> {
  const review = await findOpenReview(em, versionId);
  const stage = review?.currentStage;
  if (!review || !stage) return null;
  const phase = await em.findOneOrFail(ReviewPhase, { review: review.id, stage });
  if (phase.status === PHASE_STATUS.PENDING) return s.services.reviews.start(em, s.actor, versionId, stage);
  return s.services.reviews.pass(em, s.actor, versionId, stage, 'Demo chart shipped with Marina');
}

function uploadOf(filename: string, archive: Buffer): Promise<UploadedFile> {
  return Promise.resolve({
    filename,
    mimetype: 'application/gzip',
    createReadStream: () => Readable.from([archive]),
  });
}

function failureText(f: Failure): string {
  return `${f.errorCode}: ${f.message}`;
}
