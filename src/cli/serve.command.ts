import { runProcess } from './process-runner';

/** `marina serve`: the API only (scale horizontally behind a load balancer; production profile). */
export function run(): Promise<number> {
  return runProcess({ api: true, workers: false });
}
