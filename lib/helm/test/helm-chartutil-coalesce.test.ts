/**
 * Helm v3.21.4 pkg/chartutil/coalesce_test.go replayed against our coalescing. The template
 * expectation tables are read from the extracted Go source; the chart trees are transcribed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapSet, newGoMap, tagGoType, type GoMapObject, type GoValue } from '@marina/go-runtime';
import { Template } from '@marina/gotemplate';
import { emptyMetadata } from '../chart/chart-metadata';
import type { Chart } from '../chart/chart.types';
import { extractTable } from '../test-support/go-literal';
import { coalesceTables, coalesceValues, mergeTables, mergeValues } from '../values/coalesce';
import { deepCopy } from '../values/values-table';
import { unmarshalYaml } from '../yaml/sigs-yaml';

const DATA = join(__dirname, '../../../../shared/conformance/helm/chartutil-strvals-repo-tests-v3.21.4.json');
const tests = (
  JSON.parse(readFileSync(DATA, 'utf8')) as { files: Record<string, Array<{ test: string; go_source: string }>> }
).files['pkg/chartutil/coalesce_test.go'];
const source = (name: string) => (tests.find((t) => t.test === name) as { go_source: string }).go_source;

/** Upstream `testCoalesceValuesYaml` (Helm v3.21.4). */
const TEST_VALUES_YAML = `
top: yup
bottom: null
right: Null
left: NULL
front: ~
back: ""
nested:
  boat: null

global:
  name: Ishmael
  subject: Queequeg
  nested:
    boat: true

pequod:
  boat: null
  global:
    name: Stinky
    harpooner: Tashtego
    nested:
      boat: false
      sail: true
      foo2: null
  ahab:
    scope: whale
    boat: null
    nested:
      foo: true
      boat: null
    object: null
`;

function m(o: Record<string, GoValue>): GoMapObject {
  const out = newGoMap();
  for (const [k, v] of Object.entries(o)) mapSet(out, k, v);
  return out;
}

function chart(name: string, values: GoMapObject, deps: Chart[] = []): Chart {
  const c: Chart = {
    metadata: { ...emptyMetadata(), name },
    lock: null,
    templates: [],
    values,
    schema: null,
    files: [],
    raw: [],
    dependencies: deps,
    parent: null,
  };
  for (const d of deps) d.parent = c;
  return c;
}

function mobyTree(ahabValues: GoMapObject): Chart {
  const ahab = chart('ahab', ahabValues);
  const pequod = chart(
    'pequod',
    m({
      name: 'pequod',
      scope: 'pequod',
      global: m({ nested2: m({ l1: 'pequod' }) }),
      boat: false,
      ahab: m({ boat: false, nested: m({ boat: false }) }),
    }),
    [ahab],
  );
  const spouter = chart('spouter', m({ scope: 'spouter', global: m({ nested2: m({ l1: 'spouter' }) }) }));
  return chart(
    'moby',
    m({
      back: 'exists',
      bottom: 'exists',
      front: 'exists',
      left: 'exists',
      name: 'moby',
      nested: m({ boat: true }),
      override: 'bad',
      right: 'exists',
      scope: 'moby',
      top: 'nope',
      global: m({ nested2: m({ l0: 'moby' }) }),
      pequod: m({ boat: 'maybe', ahab: m({ boat: 'maybe', nested: m({ boat: 'maybe' }) }) }),
    }),
    [pequod, spouter],
  );
}

const ttpl = (tpl: string, v: GoMapObject) => Template.create('t').parse(tpl).execute(v);
const get = (v: GoValue, ...path: string[]): GoValue => path.reduce<GoValue>((cur, k) => (cur as GoMapObject)?.[k], v);
const has = (v: GoValue, key: string) => Object.prototype.hasOwnProperty.call(v as object, key);

describe('chartutil TestCoalesceValues', () => {
  const c = mobyTree(
    m({
      global: m({ nested: m({ foo: 'bar', foo2: 'bar2' }), nested2: m({ l2: 'ahab' }) }),
      scope: 'ahab',
      name: 'ahab',
      boat: true,
      nested: m({ foo: false, boat: true }),
      object: m({ foo: 'bar' }),
    }),
  );
  const vals = unmarshalYaml(TEST_VALUES_YAML) as GoMapObject;
  const before = deepCopy(vals);
  const v = coalesceValues(c, vals);
  const rows = extractTable(source('TestCoalesceValues'), 'tests');
  it('has the upstream rows', () => expect(rows.length).toBe(37));
  test.each(rows.map((r) => [r.tpl as string, r.expect as string]))('%s → %s', (tpl, want) =>
    expect(ttpl(tpl, v)).toBe(want),
  );
  it('removes null keys at every level and leaves the input alone', () => {
    for (const k of ['bottom', 'right', 'left', 'front']) expect(has(v, k)).toBe(false);
    expect(has(get(v, 'nested'), 'boat')).toBe(false);
    expect(has(get(v, 'pequod'), 'boat')).toBe(false);
    expect(has(get(v, 'pequod', 'ahab'), 'boat')).toBe(false);
    expect(has(get(v, 'pequod', 'ahab', 'nested'), 'boat')).toBe(false);
    expect(has(get(v, 'pequod', 'ahab'), 'object')).toBe(false);
    expect(vals).toEqual(before);
  });
});

describe('chartutil TestMergeValues', () => {
  const c = mobyTree(
    m({
      global: m({ nested: m({ foo: 'bar' }), nested2: m({ l2: 'ahab' }) }),
      scope: 'ahab',
      name: 'ahab',
      boat: true,
      nested: m({ foo: false, bar: true }),
    }),
  );
  const vals = unmarshalYaml(TEST_VALUES_YAML) as GoMapObject;
  const before = deepCopy(vals);
  const v = mergeValues(c, vals);
  const rows = extractTable(source('TestMergeValues'), 'tests');
  it('has the upstream rows', () => expect(rows.length).toBe(36));
  test.each(rows.map((r) => [r.tpl as string, r.expect as string]))('%s → %s', (tpl, want) =>
    expect(ttpl(tpl, v)).toBe(want),
  );
  it('keeps null keys and leaves the input alone', () => {
    for (const k of ['bottom', 'right', 'left', 'front']) expect(get(v, k)).toBeNull();
    expect(has(get(v, 'nested'), 'boat')).toBe(true);
    expect(has(get(v, 'pequod', 'ahab'), 'boat')).toBe(true);
    expect(has(get(v, 'pequod', 'ahab', 'nested'), 'bar')).toBe(true);
    expect(vals).toEqual(before);
  });
});

function tablesFixture(): { dst: GoMapObject; src: GoMapObject } {
  return {
    dst: m({
      name: 'Ishmael',
      address: m({ street: '123 Spouter Inn Ct.', city: 'Nantucket', country: null }),
      details: m({ friends: tagGoType(['Tashtego'], '[]string') }),
      boat: 'pequod',
      hole: null,
    }),
    src: m({
      occupation: 'whaler',
      address: m({ state: 'MA', street: '234 Spouter Inn Ct.', country: 'US' }),
      details: 'empty',
      boat: m({ mast: true }),
      hole: 'black',
    }),
  };
}

describe('chartutil TestCoalesceTables / TestMergeTables', () => {
  it('CoalesceTables: dst wins, nulls in dst delete', () => {
    const { dst, src } = tablesFixture();
    coalesceTables(dst, src);
    expect(dst.name).toBe('Ishmael');
    expect(dst.occupation).toBe('whaler');
    expect(get(dst, 'address', 'street')).toBe('123 Spouter Inn Ct.');
    expect(get(dst, 'address', 'city')).toBe('Nantucket');
    expect(get(dst, 'address', 'state')).toBe('MA');
    expect(has(get(dst, 'address'), 'country')).toBe(false);
    expect(has(get(dst, 'details'), 'friends')).toBe(true);
    expect(dst.boat).toBe('pequod');
    expect(has(dst, 'hole')).toBe(false);
    const dst2 = m({ name: 'Ishmael', hole: 'black' });
    expect(coalesceTables(dst2, null)).toBe(dst2);
  });
  it('MergeTables: dst wins, nulls kept', () => {
    const { dst, src } = tablesFixture();
    mergeTables(dst, src);
    expect(get(dst, 'address', 'street')).toBe('123 Spouter Inn Ct.');
    expect(get(dst, 'address', 'state')).toBe('MA');
    expect(has(get(dst, 'address'), 'country')).toBe(true);
    expect(has(dst, 'hole')).toBe(true);
    expect(dst.boat).toBe('pequod');
    const dst2 = m({ nilval: null });
    mergeTables(dst2, null);
    expect(dst2.nilval).toBeNull();
  });
});

describe('chartutil TestCoalesceValuesWarnings', () => {
  it('reports the three warnings with full keys', () => {
    const level3 = chart('level3', m({ name: 'ahab', boat: true, spear: m({ tip: true, sail: m({ cotton: true }) }) }));
    const level2 = chart('level2', m({ name: 'pequod' }), [level3]);
    const c = chart('level1', m({ name: 'moby' }), [level2]);
    const vals = m({
      level2: m({ level3: m({ boat: m({ mast: true }), spear: m({ tip: m({ sharp: true }), sail: true }) }) }),
    });
    const warnings: string[] = [];
    coalesceValues(c, vals, (w) => warnings.push(w));
    expect(warnings).toContain('warning: skipped value for level1.level2.level3.boat: Not a table.');
    expect(warnings).toContain(
      'warning: destination for level1.level2.level3.spear.tip is a table. Ignoring non-table value (true)',
    );
    expect(warnings).toContain(
      'warning: cannot overwrite table with non table for level1.level2.level3.spear.sail (map[cotton:true])',
    );
  });
});

describe('chartutil TestCoalesceValuesEmptyMapWithNils', () => {
  it('keeps a user null under a key whose chart default is an empty map', () => {
    const c = chart('test', m({ data: newGoMap() }));
    const v = coalesceValues(c, m({ data: m({ foo: 'bar', baz: null }) }));
    expect(get(v, 'data', 'foo')).toBe('bar');
    expect(has(get(v, 'data'), 'baz')).toBe(true);
  });
});
