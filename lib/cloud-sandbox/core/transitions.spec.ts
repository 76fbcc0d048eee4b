import { TimerTransitions } from './transitions';

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('TimerTransitions', () => {
  it('applies a transition after its delay', async () => {
    const t = new TimerTransitions();
    const applied: string[] = [];
    t.schedule('i-1', 10, () => void applied.push('running'));
    expect(applied).toEqual([]);
    expect(t.pending()).toEqual(['i-1']);
    await settle(40);
    expect(applied).toEqual(['running']);
    expect(t.pending()).toEqual([]);
  });

  it('supersedes an earlier schedule for the same key, and cancels', async () => {
    const t = new TimerTransitions();
    const applied: string[] = [];
    t.schedule('i-1', 10, () => void applied.push('first'));
    t.schedule('i-1', 15, () => void applied.push('second'));
    t.schedule('i-2', 10, () => void applied.push('other'));
    t.cancel('i-2');
    await settle(50);
    expect(applied).toEqual(['second']);
  });

  it('reports a failing transition instead of throwing into the timer', async () => {
    const errors: string[] = [];
    const t = new TimerTransitions((key, err) => errors.push(`${key}: ${(err as Error).message}`));
    t.schedule('vol-1', 1, async () => {
      throw new Error('boom');
    });
    await settle(30);
    expect(errors).toEqual(['vol-1: boom']);
  });

  it('runs nothing after close, and schedules nothing new', async () => {
    const t = new TimerTransitions();
    const applied: string[] = [];
    t.schedule('i-1', 5, () => void applied.push('x'));
    t.close();
    t.schedule('i-2', 1, () => void applied.push('y'));
    await settle(30);
    expect(applied).toEqual([]);
    expect(t.pending()).toEqual([]);
  });
});
