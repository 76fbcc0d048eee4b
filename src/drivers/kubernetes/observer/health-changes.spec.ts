import type { ResourceStatus } from '../../runtime-driver.types';
import { healthChanges, healthMessage } from './health-changes';

const res = (name: string, health: ResourceStatus['health'], ready: number | null = 1): ResourceStatus => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name,
  namespace: 'prod',
  ready,
  desired: 1,
  health,
  message: health === 'DEGRADED' ? 'ImagePullBackOff on container web' : null,
});

describe('healthChanges', () => {
  it('reports every resource on the first observation', () => {
    expect(healthChanges(null, [res('a', 'HEALTHY')]).map((r) => r.name)).toEqual(['a']);
  });

  it('reports only health changes, not count changes', () => {
    const before = [res('a', 'HEALTHY'), res('b', 'PROGRESSING', 0)];
    const now = [res('a', 'HEALTHY', 2), res('b', 'DEGRADED', 0)];
    expect(healthChanges(before, now).map((r) => [r.name, r.health])).toEqual([['b', 'DEGRADED']]);
    expect(healthChanges(now, now)).toEqual([]);
  });

  it('reports vanished resources as MISSING once', () => {
    const gone = healthChanges([res('a', 'HEALTHY')], []);
    expect(gone.map((r) => [r.name, r.health, r.ready])).toEqual([['a', 'MISSING', null]]);
    expect(healthChanges([{ ...res('a', 'MISSING') }], [])).toEqual([]);
  });
});

describe('healthMessage', () => {
  it('says what, how many and why', () => {
    expect(healthMessage(res('web', 'DEGRADED', 0))).toBe(
      'Deployment/web 0/1 DEGRADED: ImagePullBackOff on container web',
    );
  });
});
