/**
 * The per-instance event log in PostgreSQL (`instance_events`): writing with a gap-free `seq`
 * allocated in the caller's transaction, and reading ranges of it for replay.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { InstanceEvent } from '../../events/event-topics';
import { sqlRows } from '../sql';

/** What a caller records; `instanceId` and `seq` are supplied by `appendInstanceEvent`. */
export interface InstanceEventInput {
  readonly jobId?: string;
  readonly taskId?: string;
  readonly kind: string;
  readonly status?: string;
  readonly progress?: number;
  readonly message?: string;
}

/** Expected failure of recording an event. Nothing was written. */
export class InstanceEventError extends Error {
  override readonly name = 'InstanceEventError';
  constructor(
    readonly code: 'INSTANCE_NOT_FOUND' | 'INVALID_EVENT',
    message: string,
  ) {
    super(message);
  }
}

interface EventRow {
  id: string;
  instance_id: string;
  seq: number;
  job_id: string | null;
  task_id: string | null;
  kind: string;
  status: string | null;
  progress: number | null;
  message: string | null;
  created_at: Date | string;
}

const COLUMNS = 'id, instance_id, seq, job_id, task_id, kind, status, progress, message, created_at';

function toEvent(row: EventRow): InstanceEvent {
  return {
    instanceId: row.instance_id,
    seq: Number(row.seq),
    jobId: row.job_id,
    taskId: row.task_id,
    kind: row.kind,
    status: row.status,
    progress: row.progress === null ? null : Number(row.progress),
    message: row.message,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function validate(input: InstanceEventInput): InstanceEventError | undefined {
  if (!input.kind || input.kind.length > 64)
    return new InstanceEventError('INVALID_EVENT', 'Event kind must be 1..64 characters');
  if (input.status !== undefined && input.status.length > 64)
    return new InstanceEventError('INVALID_EVENT', 'Event status must be at most 64 characters');
  if (input.progress !== undefined && !(input.progress >= 0 && input.progress <= 1)) {
    return new InstanceEventError('INVALID_EVENT', 'Event progress must be between 0 and 1');
  }
  return undefined;
}

/**
 * Allocates the next `seq` (row-locking the instance until the transaction ends, which keeps
 * seq order = commit order) and inserts the event, both through `em`'s transaction.
 */
export async function appendInstanceEvent(
  em: EntityManager,
  instanceId: string,
  input: InstanceEventInput,
): Promise<{ id: string; event: InstanceEvent } | InstanceEventError> {
  const invalid = validate(input);
  if (invalid) return invalid;
  const seqRows = await sqlRows<{ event_seq: number }>(
    em,
    'update instances set event_seq = event_seq + 1 where id = ? returning event_seq',
    [instanceId],
  );
  if (seqRows.length === 0)
    return new InstanceEventError('INSTANCE_NOT_FOUND', `Instance ${instanceId} does not exist`);
  const id = randomUUID();
  const rows = await sqlRows<EventRow>(
    em,
    `insert into instance_events (id, instance_id, seq, job_id, task_id, kind, status, progress, message)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning ${COLUMNS}`,
    [
      id,
      instanceId,
      seqRows[0].event_seq,
      input.jobId ?? null,
      input.taskId ?? null,
      input.kind,
      input.status ?? null,
      input.progress ?? null,
      input.message ?? null,
    ],
  );
  return { id, event: toEvent(rows[0]) };
}

/** Events of one instance with `afterSeq < seq <= uptoSeq` (uptoSeq optional), ascending, at most `limit`. */
export async function readInstanceEvents(
  em: EntityManager,
  instanceId: string,
  afterSeq: number,
  limit: number,
  uptoSeq?: number,
): Promise<InstanceEvent[]> {
  const rows = await sqlRows<EventRow>(
    em,
    `select ${COLUMNS} from instance_events where instance_id = ? and seq > ? and seq <= ? order by seq limit ?`,
    [instanceId, afterSeq, uptoSeq ?? 2147483647, limit],
  );
  return rows.map(toEvent);
}

/** Events by row id (the ones a committed transaction wrote), ordered by instance and seq. */
export async function readInstanceEventsByIds(
  em: EntityManager,
  ids: readonly string[],
): Promise<(InstanceEvent & { workspaceId: string })[]> {
  if (ids.length === 0) return [];
  const columns = COLUMNS.split(', ')
    .map((c) => `e.${c}`)
    .join(', ');
  const rows = await sqlRows<EventRow & { workspace_id: string }>(
    em,
    `select ${columns}, i.workspace_id from instance_events e join instances i on i.id = e.instance_id where e.id in (?) order by e.instance_id, e.seq`,
    [ids],
  );
  return rows.map((row) => ({ ...toEvent(row), workspaceId: row.workspace_id }));
}
