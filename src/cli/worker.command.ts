import { runProcess } from './process-runner';

/** `marina worker`: job workers, outbox dispatcher and reaper only (scale horizontally). */
export function run(): Promise<number> {
  return runProcess({ api: false, workers: true });
}
