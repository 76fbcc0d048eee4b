/** The processor's read-only views of a job and task row. */
import type { JobRow, TaskRow } from '../data/jobs/job-rows';
import type { JobInfo, TaskInfo } from './job.types';

export function toTaskInfo(row: TaskRow): TaskInfo {
  return {
    id: row.id,
    jobId: row.job_id,
    key: row.key,
    action: row.action,
    target: row.target,
    input: row.input,
    state: row.state,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    reschedules: row.reschedules,
    timeoutMs: row.timeout_ms,
  };
}

export function toJobInfo(row: JobRow): JobInfo {
  return {
    id: row.id,
    action: row.action,
    status: row.status,
    instanceId: row.instance_id,
    subject: row.subject,
    ownerId: row.owner_id,
    workspaceId: row.workspace_id,
    input: row.input,
  };
}
