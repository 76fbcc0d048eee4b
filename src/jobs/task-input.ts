import { DriverError } from './errors';
import type { TaskInfo } from './job.types';

/**
 * The named string fields of a task's input, for processors. A missing or non-string field fails
 * the task without retries (BAD_TASK_INPUT): the task was planned wrongly, another attempt cannot help.
 */
export function stringInputs<K extends string>(
  task: Pick<TaskInfo, 'action' | 'input'>,
  keys: readonly K[],
): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of keys) {
    const value = task.input?.[key];
    if (typeof value !== 'string')
      throw new DriverError('BAD_TASK_INPUT', `${task.action} needs ${keys.join(' and ')}`, false);
    out[key] = value;
  }
  return out;
}
