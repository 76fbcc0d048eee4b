/** Reads `JobUpdate` snapshots (job + task summaries) in one query. */
import type { EntityManager } from '@mikro-orm/core';
import type { JobStatus } from '../../entities/enums';
import type { JobTaskSummary, JobUpdate } from '../../events/event-topics';
import { sqlRows } from '../sql';

interface SnapshotRow {
  id: string;
  action: string;
  status: JobStatus;
  instance_id: string | null;
  subject: string | null;
  error: string | null;
  cancel_requested: boolean;
  started_at: string | null;
  finished_at: string | null;
  version: string;
  tasks: JobTaskSummary[] | null;
}

const SNAPSHOT_SQL = `
select j.id, j.action, j.status, j.instance_id, j.subject, j.error, j.cancel_requested, j.started_at, j.finished_at,
       j.version,
       (select json_agg(json_build_object('id', t.id, 'key', t.key, 'action', t.action, 'status', t.status,
                                          'attempt', t.attempt, 'error', t.error) order by t.created_at, t.key)
          from tasks t where t.job_id = j.id) as tasks
  from jobs j where j.id in (?)`;

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

function toUpdate(row: SnapshotRow): JobUpdate {
  const tasks = row.tasks ?? [];
  const terminal = tasks.filter((t) => TERMINAL.has(t.status)).length;
  return {
    jobId: row.id,
    version: Number(row.version),
    action: row.action,
    status: row.status,
    instanceId: row.instance_id,
    subject: row.subject,
    progress: tasks.length === 0 ? 0 : terminal / tasks.length,
    error: row.error,
    cancelRequested: row.cancel_requested,
    startedAt: row.started_at ? new Date(row.started_at).toISOString() : null,
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    tasks,
  };
}

/** Snapshots of the given jobs (missing ids are simply absent). */
export async function readJobSnapshots(em: EntityManager, jobIds: readonly string[]): Promise<JobUpdate[]> {
  if (jobIds.length === 0) return [];
  const rows = await sqlRows<SnapshotRow>(em, SNAPSHOT_SQL, [jobIds]);
  return rows.map(toUpdate);
}

/** Snapshot of one job, or undefined when it does not exist. */
export async function readJobSnapshot(em: EntityManager, jobId: string): Promise<JobUpdate | undefined> {
  return (await readJobSnapshots(em, [jobId]))[0];
}
