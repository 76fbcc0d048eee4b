import { JobStatus } from '../entities/enums';
import {
  ALL_STATUSES,
  JOB_ACTIONS,
  TASK_ACTIONS,
  isTerminal,
  jobSourcesOf,
  jobTargetOf,
  nextJobStatus,
  nextTaskStatus,
  taskSourcesOf,
  taskTargetOf,
  type JobAction,
  type TaskAction,
} from './job-status.machine';

const { PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED } = JobStatus;

// The expected matrices written out independently of the implementation: every (state, action) pair.
const expectedJob: Record<JobStatus, Record<JobAction, JobStatus | undefined>> = {
  PENDING: { start: RUNNING, succeed: undefined, fail: undefined, cancel: CANCELLED, retry: undefined },
  RUNNING: { start: undefined, succeed: SUCCEEDED, fail: FAILED, cancel: CANCELLED, retry: undefined },
  SUCCEEDED: { start: undefined, succeed: undefined, fail: undefined, cancel: undefined, retry: undefined },
  FAILED: { start: undefined, succeed: undefined, fail: undefined, cancel: undefined, retry: RUNNING },
  CANCELLED: { start: undefined, succeed: undefined, fail: undefined, cancel: undefined, retry: RUNNING },
};

const u = undefined;
const expectedTask: Record<JobStatus, Record<TaskAction, JobStatus | undefined>> = {
  PENDING: {
    claim: RUNNING,
    succeed: u,
    fail: u,
    retry: u,
    reschedule: u,
    reap: u,
    release: u,
    cancel: CANCELLED,
    rerun: u,
  },
  RUNNING: {
    claim: u,
    succeed: SUCCEEDED,
    fail: FAILED,
    retry: PENDING,
    reschedule: PENDING,
    reap: PENDING,
    release: PENDING,
    cancel: CANCELLED,
    rerun: u,
  },
  SUCCEEDED: { claim: u, succeed: u, fail: u, retry: u, reschedule: u, reap: u, release: u, cancel: u, rerun: u },
  FAILED: { claim: u, succeed: u, fail: u, retry: u, reschedule: u, reap: u, release: u, cancel: u, rerun: PENDING },
  CANCELLED: { claim: u, succeed: u, fail: u, retry: u, reschedule: u, reap: u, release: u, cancel: u, rerun: PENDING },
};

describe('job status machine', () => {
  for (const from of ALL_STATUSES) {
    for (const action of JOB_ACTIONS) {
      it(`job ${from} --${action}--> ${expectedJob[from][action] ?? 'illegal'}`, () => {
        expect(nextJobStatus(from, action)).toBe(expectedJob[from][action]);
      });
    }
  }

  it('lists the legal sources of every job action', () => {
    expect(jobSourcesOf('start')).toEqual([PENDING]);
    expect(jobSourcesOf('cancel').sort()).toEqual([PENDING, RUNNING].sort());
    expect(jobSourcesOf('retry').sort()).toEqual([CANCELLED, FAILED].sort());
    expect(jobTargetOf('retry')).toBe(RUNNING);
  });
});

describe('task status machine', () => {
  for (const from of ALL_STATUSES) {
    for (const action of TASK_ACTIONS) {
      it(`task ${from} --${action}--> ${expectedTask[from][action] ?? 'illegal'}`, () => {
        expect(nextTaskStatus(from, action)).toBe(expectedTask[from][action]);
      });
    }
  }

  it('every task action has exactly one target', () => {
    for (const action of TASK_ACTIONS) expect(ALL_STATUSES).toContain(taskTargetOf(action));
    expect(taskSourcesOf('cancel').sort()).toEqual([PENDING, RUNNING].sort());
    expect(taskSourcesOf('rerun').sort()).toEqual([CANCELLED, FAILED].sort());
  });

  it('knows which states are terminal', () => {
    expect(ALL_STATUSES.filter(isTerminal).sort()).toEqual([CANCELLED, FAILED, SUCCEEDED].sort());
  });
});
