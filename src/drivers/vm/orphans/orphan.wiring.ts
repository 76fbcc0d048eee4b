import type { JobEngine } from '../../../jobs/job.engine';
import { isUuid } from '../../../services/ids';
import type { Platform } from '../../../services/platform';
import { frontgateResourceIds } from '../../../data/vm/frontgate-resources.queries';
import type { RecordedElsewhere } from './orphan-records';
import { FRONTGATE_TAG, INSTANCE_TAG } from './orphan-scan';
import {
  listOrphansProcessor,
  ORPHANS_LIST_ACTION,
  ORPHANS_REMOVE_ACTION,
  removeOrphansProcessor,
} from './orphan.processors';

/** Cloud ids Marina records outside instance nodes; each VM feature that records some adds its reader here. */
const RECORDED_ELSEWHERE: readonly RecordedElsewhere[] = [
  // frontgates: tagged `marina:instance=frontgate-<record>`, recorded in vm_frontgates
  (em, inventory) =>
    frontgateResourceIds(
      em,
      new Map(
        inventory.instances
          .filter((n) => n.tags[INSTANCE_TAG] && !isUuid(n.tags[INSTANCE_TAG]))
          .map((n) => [n.id, n.tags[FRONTGATE_TAG]]),
      ),
    ),
];

/** Registers the orphan list/remove processors of the worker. */
export function registerOrphanProcessors(engine: JobEngine, platform: Platform): void {
  const deps = { secrets: platform.secrets, outbound: platform.outbound, elsewhere: RECORDED_ELSEWHERE };
  engine.registerProcessor(ORPHANS_LIST_ACTION, listOrphansProcessor(deps));
  engine.registerProcessor(ORPHANS_REMOVE_ACTION, removeOrphansProcessor(deps));
}
