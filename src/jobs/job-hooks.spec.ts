import type { EntityManager } from '@mikro-orm/core';
import { JobStatus } from '../entities/enums';
import { JobHooks, type FinishedJob } from './job-hooks';

const job = (action: string, subject: string | null = null): FinishedJob => ({
  id: 'j1',
  action,
  status: JobStatus.SUCCEEDED,
  error: null,
  instanceId: null,
  subject,
  ownerId: null,
  workspaceId: null,
  input: null,
  tasks: [],
  results: {},
});
const tx = {} as EntityManager;

describe('JobHooks', () => {
  it('runs the hooks matching the action or a predicate, in registration order, with the transaction', async () => {
    const hooks = new JobHooks();
    const calls: string[] = [];
    hooks.register('deploy', async (em, j) => {
      expect(em).toBe(tx);
      calls.push(`deploy:${j.id}`);
    });
    hooks.register(
      (j) => j.subject === 'runtime:1',
      async () => {
        calls.push('predicate');
      },
    );
    hooks.register('other', async () => {
      calls.push('other');
    });
    await hooks.run(tx, job('deploy', 'runtime:1'));
    expect(calls).toEqual(['deploy:j1', 'predicate']);
    calls.length = 0;
    await hooks.run(tx, job('unrelated'));
    expect(calls).toEqual([]);
  });

  it('stops at the first hook that throws and propagates its error', async () => {
    const hooks = new JobHooks();
    const calls: string[] = [];
    hooks.register('deploy', async () => {
      throw new Error('settlement failed');
    });
    hooks.register('deploy', async () => {
      calls.push('second');
    });
    await expect(hooks.run(tx, job('deploy'))).rejects.toThrow('settlement failed');
    expect(calls).toEqual([]);
  });
});
