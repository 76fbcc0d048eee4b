/**
 * Helm's pkg/strvals test tables (v3.21.4, extracted Go source) replayed against our `--set`
 * parsers. Like upstream, results are compared through yaml.Marshal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newGoMap, type GoMapObject, type GoValue } from '@marina/go-runtime';
import { extractTable } from '../test-support/go-literal';
import { marshalYaml } from '../yaml/sigs-yaml';
import {
  MAX_INDEX,
  MAX_NESTED_NAME_LEVEL,
  parseInto,
  parseIntoFile,
  parseIntoString,
  parseJsonInto,
  parseSet,
} from '../strvals/strvals.parser';

const DATA = join(__dirname, '../../../../shared/conformance/helm/engine-tests-v3.21.4.json');
const files = (
  JSON.parse(readFileSync(DATA, 'utf8')) as { files: Record<string, Array<{ test: string; go_source: string }>> }
).files;
const source = (test: string): string => {
  const t = files['pkg/strvals/parser_test.go'].find((x) => x.test === test);
  if (!t) throw new Error(`missing upstream test ${test}`);
  return t.go_source;
};
const env: Record<string, GoValue> = { MaxIndex: BigInt(MAX_INDEX), MaxNestedNameLevel: BigInt(MAX_NESTED_NAME_LEVEL) };
const yamlOf = (v: GoValue) => marshalYaml(v);

function runParse(
  fn: (line: string, dest: GoMapObject) => void,
  line: string,
  dest: GoMapObject = newGoMap(),
): GoMapObject {
  fn(line, dest);
  return dest;
}

describe('strvals TestParseSet (typed rows)', () => {
  const rows = extractTable(source('TestParseSet'), 'tests', env);
  it('has the upstream rows', () => expect(rows.length).toBeGreaterThan(40));
  test.each(rows.map((r, i) => [i, r.str as string, r]))('row %i: %s', (_i, str, row) => {
    if (row.err === true) {
      expect(() => parseSet(str)).toThrow();
      return;
    }
    expect(yamlOf(parseSet(str))).toBe(yamlOf(row.expect ?? newGoMap()));
  });
});

describe('strvals TestParseSet (string rows)', () => {
  const rows = extractTable(source('TestParseSet'), 'testsString', env);
  test.each(rows.map((r, i) => [i, r.str as string, r]))('row %i: %s', (_i, str, row) => {
    expect(yamlOf(runParse(parseIntoString, str))).toBe(yamlOf(row.expect ?? newGoMap()));
  });
});

describe('strvals TestParseInto', () => {
  const rows = extractTable(source('TestParseInto'), 'tests', env);
  test.each(rows.map((r, i) => [i, r.input as string, r]))('row %i: %s', (_i, input, row) => {
    const got = (row.got as GoMapObject | null) ?? newGoMap();
    parseInto(input, got);
    if (row.input2) parseInto(row.input2 as string, got);
    expect(yamlOf(got)).toBe(yamlOf(row.expect ?? null));
  });
});

describe('strvals TestParseJSON', () => {
  const rows = extractTable(source('TestParseJSON'), 'tests', env);
  test.each(rows.map((r, i) => [i, r.input as string, r]))('row %i: %s', (_i, input, row) => {
    const got = (row.got as GoMapObject | null) ?? newGoMap();
    if (row.err === true) {
      expect(() => parseJsonInto(input, got)).toThrow();
      return;
    }
    parseJsonInto(input, got);
    expect(yamlOf(got)).toBe(yamlOf(row.expect ?? null));
  });
});

describe('strvals TestParseSetNestedLevels', () => {
  const rows = extractTable(source('TestParseSetNestedLevels'), 'tests', {
    ...env,
    keyMultipleNestedLevels: Array.from({ length: MAX_NESTED_NAME_LEVEL + 2 }, (_, i) => `name${i + 1}`).join('.'),
  });
  test.each(rows.map((r, i) => [i, r]))('row %i', (_i, row) => {
    if (row.err === true) {
      expect(() => parseSet(row.str as string)).toThrow(row.errStr ? String(row.errStr) : /./);
      return;
    }
    expect(yamlOf(parseSet(row.str as string))).toBe(yamlOf(row.expect ?? null));
  });
});

describe('strvals single-case tests', () => {
  it('TestParseIntoString', () => {
    const got = newGoMap();
    got.outer = Object.assign(newGoMap(), { inner1: 'overwrite', inner2: 'value2' });
    parseIntoString('outer.inner1=1,outer.inner3=3', got);
    expect(yamlOf(got)).toBe('outer:\n  inner1: "1"\n  inner2: value2\n  inner3: "3"\n');
  });
  it('TestParseFile / TestParseIntoFile', () => {
    const reads: string[] = [];
    const got = runParse((l, d) => parseIntoFile(l, d, (rs) => (reads.push(rs), 'value1')), 'name1=path1');
    expect(reads).toEqual(['path1']);
    expect(yamlOf(got)).toBe('name1: value1\n');
  });
  it('TestToYAML', () => {
    expect(yamlOf(parseSet('name=value')).replace(/\n$/, '')).toBe('name: value');
  });
});
