/**
 * Helm v3.21.4 pkg/chartutil/dependencies_test.go replayed against our dependency processing,
 * on the upstream test charts (conformance/helm/v3.21.4/pkg/chartutil/testdata).
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GoValue } from '@marina/go-runtime';
import { loadChartDir } from '../chart/chart-loader';
import type { Chart } from '../chart/chart.types';
import { aliasDependency, processDependencyEnabled, processDependencyImportValues } from '../chart/dependencies';
import { isCompatibleRange } from '../chart/helm-semver';
import { pathValue } from '../values/values-table';
import { unmarshalYaml } from '../yaml/sigs-yaml';

const TESTDATA = join(__dirname, '../../../../shared/conformance/helm/v3.21.4/pkg/chartutil/testdata');
const load = (rel: string) => loadChartDir(join(TESTDATA, rel));
const M = (yaml: string) => unmarshalYaml(yaml) as Record<string, GoValue>;

function chartNames(c: Chart): string[] {
  const out: string[] = [];
  const fn = (ch: Chart, prefix: string) => {
    const p = prefix ? `${prefix}.${ch.metadata.name}` : ch.metadata.name;
    out.push(p);
    for (const d of ch.dependencies) fn(d, p);
  };
  fn(c, '');
  return out.sort();
}

describe('chartutil dependencies', () => {
  it('TestLoadDependency', () => {
    const c = load('frobnitz');
    const want = [
      ['alpine', '0.1.0', 'https://example.com/charts'],
      ['mariner', '4.3.2', 'https://example.com/charts'],
    ];
    expect(c.metadata.dependencies.map((d) => [d.name, d.version, d.repository])).toEqual(want);
    expect(c.lock?.dependencies.map((d) => [d.name, d.version, d.repository])).toEqual(want);
  });

  const enabledCases: Array<[string, string, string[]]> = [
    [
      'tags with no effect',
      '{tags: {nothinguseful: false}}',
      ['parentchart', 'parentchart.subchart1', 'parentchart.subchart1.subcharta', 'parentchart.subchart1.subchartb'],
    ],
    ['tags disabling a group', '{tags: {front-end: false}}', ['parentchart']],
    [
      'tags disabling a group and enabling a different group',
      '{tags: {front-end: false, back-end: true}}',
      ['parentchart', 'parentchart.subchart2', 'parentchart.subchart2.subchartb', 'parentchart.subchart2.subchartc'],
    ],
    [
      'tags disabling only children',
      '{tags: {subcharta: false, subchartb: false}}',
      ['parentchart', 'parentchart.subchart1', 'parentchart.subchart1.subcharta', 'parentchart.subchart1.subchartb'],
    ],
    [
      'tags disabling all parents/children with additional tag re-enabling a parent',
      '{tags: {front-end: false, subchart1: true, back-end: false}}',
      ['parentchart', 'parentchart.subchart1'],
    ],
    [
      'conditions enabling the parent charts',
      '{subchart1: {enabled: true}, subchart2: {enabled: true}}',
      [
        'parentchart',
        'parentchart.subchart1',
        'parentchart.subchart1.subcharta',
        'parentchart.subchart1.subchartb',
        'parentchart.subchart2',
      ],
    ],
    [
      'conditions disabling the parent charts',
      '{subchart1: {enabled: false}, subchart2: {enabled: false}}',
      ['parentchart'],
    ],
    [
      "conditions a child using the second condition path of child's condition",
      '{subchart1: {subcharta: {enabled: false}}}',
      ['parentchart', 'parentchart.subchart1', 'parentchart.subchart1.subchartb'],
    ],
    [
      'tags enabling a parent/child group with condition disabling one child',
      '{subchart2: {subchartc: {enabled: false}}, tags: {back-end: true}}',
      [
        'parentchart',
        'parentchart.subchart1',
        'parentchart.subchart1.subcharta',
        'parentchart.subchart1.subchartb',
        'parentchart.subchart2',
        'parentchart.subchart2.subchartb',
      ],
    ],
    [
      'tags will not enable a child if parent is explicitly disabled with condition',
      '{subchart1: {enabled: false}, tags: {front-end: true}}',
      ['parentchart'],
    ],
    [
      'subcharts with alias also respect conditions',
      '{subchart1: {enabled: false}, subchart2alias: {enabled: true, subchartb: {enabled: true}}}',
      ['parentchart', 'parentchart.subchart2alias', 'parentchart.subchart2alias.subchartb'],
    ],
  ];
  test.each(enabledCases)('TestDependencyEnabled: %s', (_name, values, want) => {
    const c = load('subpop');
    processDependencyEnabled(c, M(values) as never, '');
    expect(chartNames(c)).toEqual(want);
  });

  it('TestProcessDependencyImportValues', () => {
    const e: Record<string, string> = {
      'imported-chart1.SC1bool': 'true',
      'imported-chart1.SC1float': '3.14',
      'imported-chart1.SC1int': '100',
      'imported-chart1.SC1string': 'dollywood',
      'imported-chart1.SC1extra1': '11',
      'imported-chart1.SPextra1': 'helm rocks',
      'imported-chartA.SCAbool': 'false',
      'imported-chartA.SCAfloat': '3.1',
      'imported-chartA.SCAint': '55',
      'imported-chartA.SCAstring': 'jabba',
      'imported-chartA.SPextra3': '1.337',
      'imported-chartA.SC1extra2': '1.337',
      'imported-chartA.SCAnested1.SCAnested2': 'true',
      'imported-chartA-B.SCAbool': 'false',
      'imported-chartA-B.SCAfloat': '3.1',
      'imported-chartA-B.SCAint': '55',
      'imported-chartA-B.SCAstring': 'jabba',
      'imported-chartA-B.SCBbool': 'true',
      'imported-chartA-B.SCBfloat': '7.77',
      'imported-chartA-B.SCBint': '33',
      'imported-chartA-B.SCBstring': 'boba',
      'imported-chartA-B.SPextra5': 'k8s',
      'imported-chartA-B.SC1extra5': 'tiller',
      'overridden-chart1.SC1bool': 'false',
      'overridden-chart1.SC1float': '3.141592',
      'overridden-chart1.SC1int': '99',
      'overridden-chart1.SC1string': 'pollywog',
      'overridden-chart1.SPextra2': '42',
      'overridden-chartA.SCAbool': 'true',
      'overridden-chartA.SCAfloat': '41.3',
      'overridden-chartA.SCAint': '808',
      'overridden-chartA.SCAstring': 'jabberwocky',
      'overridden-chartA.SPextra4': 'true',
      'overridden-chartA-B.SCAbool': 'true',
      'overridden-chartA-B.SCAfloat': '41.3',
      'overridden-chartA-B.SCAint': '808',
      'overridden-chartA-B.SCAstring': 'jabberwocky',
      'overridden-chartA-B.SCBbool': 'false',
      'overridden-chartA-B.SCBfloat': '1.99',
      'overridden-chartA-B.SCBint': '77',
      'overridden-chartA-B.SCBstring': 'jango',
      'overridden-chartA-B.SPextra6': '111',
      'overridden-chartA-B.SCAextra1': '23',
      'overridden-chartA-B.SCBextra1': '13',
      'overridden-chartA-B.SC1extra6': '77',
      SCBexported1B: '1965',
      SC1extra7: 'true',
      SCBexported2A: 'blaster',
      'global.SC1exported2.all.SC1exported3': 'SC1expstr',
    };
    const c = load('subpop');
    processDependencyImportValues(c, false);
    for (const [k, want] of Object.entries(e)) {
      const pv = pathValue(c.values, k);
      expect(pv.found).toBe(true);
      if (pv.found) expect(String(pv.value)).toBe(want);
    }
    expect(pathValue(c.values, 'ensurenull').found).toBe(false);
    const merged = load('subpop');
    processDependencyImportValues(merged, true);
    const pv = pathValue(merged.values, 'ensurenull');
    expect(pv).toEqual({ found: true, value: null });
  });

  it('TestProcessDependencyImportValuesMultiLevelPrecedence', () => {
    const c = load('three-level-dependent-chart/umbrella');
    processDependencyImportValues(c, true);
    const e: Record<string, string> = {
      'app1.service.port': '3456',
      'app2.service.port': '8080',
      'app3.service.port': '9090',
      'app4.service.port': '1234',
    };
    for (const [k, want] of Object.entries(e)) {
      const pv = pathValue(c.values, k);
      expect(pv.found && String(pv.value)).toBe(want);
    }
  });

  it('TestProcessDependencyImportValuesForEnabledCharts', () => {
    const c = load('import-values-from-enabled-subchart/parent-chart');
    processDependencyImportValues(c, true);
    expect(c.dependencies).toHaveLength(2);
    processDependencyEnabled(c, c.values, '');
    expect(c.dependencies).toHaveLength(1);
    expect(c.metadata.dependencies).toHaveLength(1);
    expect(c.dependencies[0].values.nameOverride).toBe('parent-chart-prod');
  });

  it('TestGetAliasDependency', () => {
    const c = load('frobnitz');
    const req = c.metadata.dependencies;
    const alias = aliasDependency(c.dependencies, req[0]);
    expect(alias).not.toBeNull();
    expect(alias?.metadata.name).toBe(req[0].alias !== '' ? req[0].alias : req[0].name);
    if (req[0].version !== '') expect(isCompatibleRange(req[0].version, alias?.metadata.version ?? '')).toBe(true);
    expect(aliasDependency(c.dependencies, { ...req[0], name: 'something-else' })).toBeNull();
    expect(
      isCompatibleRange('something else which is not in the compatible range', alias?.metadata.version ?? ''),
    ).toBe(false);
  });

  it('TestDependentChartAliases', () => {
    const c = load('dependent-chart-alias');
    expect(c.dependencies).toHaveLength(2);
    processDependencyEnabled(c, c.values, '');
    expect(c.dependencies).toHaveLength(3);
    expect(c.dependencies).toHaveLength(c.metadata.dependencies.length);
    const req = c.metadata.dependencies;
    const alias = aliasDependency(c.dependencies, req[2]);
    expect(alias?.metadata.name).toBe(req[2].alias !== '' ? req[2].alias : req[2].name);
    expect(aliasDependency(c.dependencies, { ...req[2], name: 'dummy-name' })).toBeNull();
  });

  it('TestDependentChartWithSubChartsAbsentInDependency', () => {
    const c = load('dependent-chart-no-requirements-yaml');
    expect(c.dependencies).toHaveLength(2);
    processDependencyEnabled(c, c.values, '');
    expect(c.dependencies).toHaveLength(2);
  });

  it('TestDependentChartWithSubChartsHelmignore (loads)', () => {
    expect(load('dependent-chart-helmignore').metadata.name).toBeTruthy();
  });

  it('TestDependentChartsWithSubChartsSymlink', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marina-joonix-'));
    try {
      cpSync(join(TESTDATA, 'joonix'), join(dir, 'joonix'), { recursive: true });
      cpSync(join(TESTDATA, 'frobnitz'), join(dir, 'frobnitz'), { recursive: true });
      symlinkSync(join('..', '..', 'frobnitz'), join(dir, 'joonix', 'charts', 'frobnitz'));
      const c = loadChartDir(join(dir, 'joonix'));
      expect(c.metadata.name).toBe('joonix');
      expect(c.dependencies).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('TestDependentChartsWithSubchartsAllSpecifiedInDependency', () => {
    const c = load('dependent-chart-with-all-in-requirements-yaml');
    expect(c.dependencies).toHaveLength(2);
    processDependencyEnabled(c, c.values, '');
    expect(c.dependencies).toHaveLength(2);
    expect(c.dependencies).toHaveLength(c.metadata.dependencies.length);
  });

  it('TestDependentChartsWithSomeSubchartsSpecifiedInDependency', () => {
    const c = load('dependent-chart-with-mixed-requirements-yaml');
    expect(c.dependencies).toHaveLength(2);
    processDependencyEnabled(c, c.values, '');
    expect(c.dependencies).toHaveLength(2);
    expect(c.metadata.dependencies).toHaveLength(1);
  });
});
