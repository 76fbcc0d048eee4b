import { removedValueKeys } from './removed-value-keys';
import type { JsonValue, ValueOverrides } from './value-overrides';

const DEFAULTS: ValueOverrides = {
  replicaCount: 1,
  image: { repository: 'nginx', tag: '1.27', pullPolicy: 'IfNotPresent' },
  service: { type: 'ClusterIP', port: 80 },
  podAnnotations: {},
  tolerations: [],
  ingress: { enabled: false, hosts: [{ host: 'a.local' }] },
  metrics: null,
};

describe('removedValueKeys', () => {
  it.each<[string, ValueOverrides, string[]]>([
    ['nothing when every key exists', { replicaCount: 3, image: { tag: '1.28' } }, []],
    ['a removed leaf', { image: { pullPolicy: 'Always', digest: 'sha256:x' } }, ['image.digest']],
    [
      'every leaf below a removed section',
      { auth: { enabled: true, password: { value: 'x' } } },
      ['auth.enabled', 'auth.password.value'],
    ],
    ['an empty object as a leaf', { extra: {} }, ['extra']],
    ['null overrides like any other leaf', { image: { registry: null } }, ['image.registry']],
    [
      'arrays as leaves, never indexed',
      { sidecars: [{ name: 'x' }], ingress: { hosts: [{ host: 'b' }] } },
      ['sidecars'],
    ],
    ['nothing below a free-form empty map', { podAnnotations: { 'a.io/x': '1', deep: { y: 2 } } }, []],
    ['nothing below a key whose default is not a map', { tolerations: { key: 'x' }, metrics: { enabled: true } }, []],
    ['a scalar over a map default as known', { service: 'LoadBalancer' }, []],
    ['a __proto__ key as data', JSON.parse('{"__proto__": {"x": 1}}'), ['__proto__.x']],
    ['dots in keys escaped', { 'a.b': { 'c\\d': 1 } }, ['a\\.b.c\\\\d']],
  ])('reports %s', (_what, overrides, expected) => {
    expect(removedValueKeys(overrides, DEFAULTS)).toEqual(expected);
  });

  it('keeps the overrides key order', () => {
    expect(removedValueKeys({ z: 1, image: { x: 1 }, a: 1 }, DEFAULTS)).toEqual(['z', 'image.x', 'a']);
  });

  describe('with a values.schema.json', () => {
    const SCHEMA: JsonValue = {
      type: 'object',
      properties: {
        image: { type: 'object', properties: { digest: { type: 'string' } } },
        extraEnv: { type: 'object', additionalProperties: { type: 'string' } },
        labels: { $ref: '#/definitions/labels' },
        strict: { type: 'object', additionalProperties: false, properties: { known: {} } },
        patterned: { type: 'object', patternProperties: { '^x-': { type: 'object', properties: { a: {} } } } },
        branches: { allOf: [{ properties: { one: {} } }, { anyOf: [{ properties: { two: {} } }] }] },
      },
      definitions: { labels: { type: 'object', additionalProperties: true } },
    };

    it.each<[string, ValueOverrides, string[]]>([
      ['keys named in properties', { image: { digest: 'sha256:x' }, extraEnv: { A: '1' } }, []],
      ['any key under additionalProperties: true through a $ref', { labels: { team: 'a', deep: { x: 1 } } }, []],
      ['keys not allowed where additionalProperties is false', { strict: { known: 1, other: 2 } }, ['strict.other']],
      [
        'patternProperties, and below them their properties',
        { patterned: { 'x-a': { a: 1, b: 2 }, y: 1 } },
        ['patterned.x-a.b', 'patterned.y'],
      ],
      ['allOf / anyOf branches', { branches: { one: 1, two: 2, three: 3 } }, ['branches.three']],
      ['keys the schema does not mention', { unknown: 1 }, ['unknown']],
    ])('excludes %s', (_what, overrides, expected) => {
      expect(removedValueKeys(overrides, DEFAULTS, SCHEMA)).toEqual(expected);
    });

    it.each<[string, JsonValue]>([
      ['a boolean schema', true],
      [
        'a schema with a broken pattern and a dangling $ref',
        { patternProperties: { '(': {} }, properties: { a: { $ref: '#/nope' } } },
      ],
      ['a self-referencing $ref', { $ref: '#', properties: { a: { $ref: '#/properties/a' } } }],
    ])('copes with %s', (_what, schema) => {
      expect(removedValueKeys({ zz: 1, a: { b: 1 } }, DEFAULTS, schema)).toContain('zz');
    });
  });
});
