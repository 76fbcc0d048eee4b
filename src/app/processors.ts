import type { JobEngine } from '../jobs/job.engine';
import type { Services } from '../server/services';

/** Registers one feature's task processors (repo sync, deploy steps, …). */
export type ProcessorRegistration = (engine: JobEngine, services: Services) => void;

/** Every feature's registration; tests register their own test-only actions on the engine directly. */
const REGISTRATIONS: readonly ProcessorRegistration[] = [];

export function registerProductProcessors(engine: JobEngine, services: Services): void {
  for (const register of REGISTRATIONS) register(engine, services);
}
