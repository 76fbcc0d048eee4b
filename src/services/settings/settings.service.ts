import type { EntityManager } from '@mikro-orm/postgresql';
import { PlatformSetting } from '../../entities/platform-setting.entity';
import type { ReviewStage } from '../../entities/enums';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { badInput } from '../errors';
import {
  DEFAULT_REVIEW_PIPELINE,
  isReviewPipelineName,
  REVIEW_PIPELINES,
  type ReviewPipelineName,
} from './review-pipeline';

const REVIEW_PIPELINE_KEY = 'review.pipeline';

/** The chosen review pipeline: its name and ordered stages. */
export interface ReviewPipeline {
  readonly name: ReviewPipelineName;
  readonly stages: readonly ReviewStage[];
}

const pipelineOf = (name: ReviewPipelineName): ReviewPipeline => ({ name, stages: REVIEW_PIPELINES[name] });

/**
 * Platform settings: the one place they are read and written. Every signed-in caller may read them;
 * changing one needs `settings:manage`.
 */
export class SettingsService {
  async reviewPipeline(em: EntityManager): Promise<ReviewPipeline> {
    const row = await em.findOne(PlatformSetting, { key: REVIEW_PIPELINE_KEY });
    const name =
      typeof row?.value === 'string' && isReviewPipelineName(row.value) ? row.value : DEFAULT_REVIEW_PIPELINE;
    return pipelineOf(name);
  }

  async setReviewPipeline(em: EntityManager, actor: Actor, name: string): Promise<ReviewPipeline> {
    actor.require(PERMISSIONS.SETTINGS_MANAGE);
    if (!isReviewPipelineName(name)) throw badInput(`Unknown review pipeline ${name.slice(0, 64)}`);
    await em.upsert(PlatformSetting, { key: REVIEW_PIPELINE_KEY, value: name, updatedAt: new Date() });
    return pipelineOf(name);
  }
}
