import { ValidationFailure } from '../../errors';
import { nextOverrides, revisionValues, type OverridesSource, type RevisionValues } from './instance-values';
import { webChart } from './values.fixtures';

describe('nextOverrides', () => {
  const current = { replicaCount: 2, image: { pullPolicy: 'Always' } };
  const recorded = { replicaCount: 5 };

  it.each<[string, OverridesSource, unknown]>([
    ['deploy with a config', { action: 'deploy', config: { replicaCount: 3 } }, { replicaCount: 3 }],
    ['deploy without a config', { action: 'deploy' }, {}],
    ['deploy with a null config', { action: 'deploy', config: null }, {}],
    ['upgrade without a config keeps the current overrides', { action: 'upgrade', current }, current],
    ['upgrade with a null config keeps them', { action: 'upgrade', current, config: null }, current],
    ['upgrade with a config replaces them whole', { action: 'upgrade', current, config: { a: 1 } }, { a: 1 }],
    ['upgrade with an empty config clears them', { action: 'upgrade', current, config: {} }, {}],
    ['update_config replaces them whole', { action: 'update_config', config: { b: 2 } }, { b: 2 }],
    ['rollback takes the recorded overrides', { action: 'rollback', recorded }, recorded],
    ['recover takes the recorded overrides', { action: 'recover', recorded }, recorded],
  ])('%s', (_what, source, expected) => {
    expect(nextOverrides(source)).toEqual(expected);
  });

  it.each<OverridesSource>([
    { action: 'deploy', config: [1] },
    { action: 'upgrade', current: {}, config: 'x' },
    { action: 'update_config', config: { a: Number.NaN } },
  ])('refuses a config that is not a JSON object: %p', (source) => {
    expect(nextOverrides(source)).toBeInstanceOf(ValidationFailure);
  });
});

describe('revisionValues', () => {
  it('re-applies the overrides onto the new chart’s defaults on upgrade and reports dropped keys', () => {
    const overrides = { replicaCount: 3, image: { pullPolicy: 'Always' }, extraLabels: { team: 'a' } };
    const v1 = revisionValues(webChart('1.0.0'), overrides) as RevisionValues;
    expect(v1.removedValueKeys).toEqual([]);
    expect(v1.effective.image).toEqual({ repository: 'nginx', tag: '1.27', pullPolicy: 'Always' });

    const upgraded = nextOverrides({ action: 'upgrade', current: v1.overrides });
    const v2 = revisionValues(webChart('2.0.0'), upgraded as typeof overrides) as RevisionValues;
    expect(v2.overrides).toEqual(overrides);
    expect(v2.effective.image).toEqual({ repository: 'nginx', tag: '1.28', pullPolicy: 'Always' });
    expect(v2.effective.replicaCount).toBe(3);
    expect(v2.removedValueKeys).toEqual(['image.pullPolicy']);
  });

  it('knows a disabled subchart’s keys and refuses values the schema does not allow', () => {
    expect((revisionValues(webChart('2.0.0'), { cache: { port: 1 } }) as RevisionValues).removedValueKeys).toEqual([]);
    expect(revisionValues(webChart('2.0.0'), { replicaCount: 'many' })).toBeInstanceOf(ValidationFailure);
  });
});
