import { runProcess } from './process-runner';

/** `marina start`: API and workers in one process (what `npm start` runs). */
export function run(): Promise<number> {
  return runProcess({ api: true, workers: true });
}
