import type { JobEngine } from '../../../jobs/job.engine';
import type { Platform } from '../../../services/platform';
import type { RecordedElsewhere } from './orphan-records';
import {
  listOrphansProcessor,
  ORPHANS_LIST_ACTION,
  ORPHANS_REMOVE_ACTION,
  removeOrphansProcessor,
} from './orphan.processors';

/** Cloud ids Marina records outside instance nodes; each VM feature that records some adds its reader here. */
const RECORDED_ELSEWHERE: readonly RecordedElsewhere[] = [];

/** Registers the orphan list/remove processors of the worker. */
export function registerOrphanProcessors(engine: JobEngine, platform: Platform): void {
  const deps = { secrets: platform.secrets, outbound: platform.outbound, elsewhere: RECORDED_ELSEWHERE };
  engine.registerProcessor(ORPHANS_LIST_ACTION, listOrphansProcessor(deps));
  engine.registerProcessor(ORPHANS_REMOVE_ACTION, removeOrphansProcessor(deps));
}
