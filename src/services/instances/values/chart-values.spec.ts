import { ValidationFailure } from '../../errors';
import { chartDefaults, chartSchema, effectiveValues, validateValues } from './chart-values';
import { webChart } from './values.fixtures';

describe('effectiveValues', () => {
  const chart = webChart('1.0.0');

  it('is the defaults without overrides', () => {
    expect(effectiveValues(chart, {})).toEqual({
      replicaCount: 1,
      image: { repository: 'nginx', tag: '1.27', pullPolicy: 'IfNotPresent' },
      service: { type: 'ClusterIP', port: 80 },
      cache: { enabled: false },
    });
  });

  it('merges maps, replaces the rest, and deletes a default on null', () => {
    const out = effectiveValues(chart, { replicaCount: 3, image: { tag: '1.29', pullPolicy: null }, service: 'x' });
    expect(out.replicaCount).toBe(3);
    expect(out.image).toEqual({ repository: 'nginx', tag: '1.29' });
    expect(out.service).toBe('x'); // a user scalar replaces a default table, as in Helm
  });

  it('includes an enabled subchart’s defaults under its name', () => {
    expect(effectiveValues(chart, { cache: { enabled: true } }).cache).toEqual({
      enabled: true,
      port: 6379,
      persistence: { size: '1Gi' },
      global: {},
    });
  });
});

describe('validateValues', () => {
  const chart = webChart('1.0.0');

  it('accepts values the schemas allow', () => {
    expect(validateValues(chart, { replicaCount: 2, cache: { enabled: true, port: 7000 } })).toBeNull();
  });

  it('names every violation of the coalesced values, subcharts at their section', () => {
    const out = validateValues(chart, { replicaCount: 0, image: { tag: 5 }, cache: { enabled: true, port: 'x' } });
    expect(out).toBeInstanceOf(ValidationFailure);
    expect(out?.details).toEqual([
      { path: 'config.replicaCount', message: 'Must be greater than or equal to 1' },
      { path: 'config.image.tag', message: 'Invalid type. Expected: string, given: integer' },
      { path: 'config.cache.port', message: 'Invalid type. Expected: integer, given: string' },
    ]);
    expect(out?.message).toContain('config.replicaCount: Must be greater than or equal to 1');
  });

  it('checks a default deleted by null', () => {
    const strict = webChart('1.0.0');
    strict.schema = Buffer.from(JSON.stringify({ required: ['replicaCount'] }));
    expect(validateValues(strict, { replicaCount: null })?.details).toEqual([
      { path: 'config', message: 'replicaCount is required' },
    ]);
  });

  it('refuses a subchart section that is not a map, and a broken schema', () => {
    expect(validateValues(chart, { cache: 5 })?.details[0].message).toMatch(/type mismatch on cache/);
    const broken = webChart('1.0.0');
    broken.schema = Buffer.from('{');
    expect(validateValues(broken, {})?.message).toMatch(/unable to validate schema/);
  });
});

describe('chartDefaults and chartSchema', () => {
  it('know a disabled subchart’s keys', () => {
    expect(chartDefaults(webChart('1.0.0')).cache).toEqual({
      enabled: false,
      port: 6379,
      persistence: { size: '1Gi' },
      global: {},
    });
  });

  it('place subchart schemas at their sections', () => {
    const schema = chartSchema(webChart('1.0.0')) as { allOf: unknown[] };
    expect(schema.allOf).toHaveLength(2);
    expect(schema.allOf[1]).toEqual({ properties: { cache: { properties: { port: { type: 'integer' } } } } });
  });
});
