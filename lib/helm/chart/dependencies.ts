/**
 * Helm's dependency processing (pkg/chartutil/dependencies.go): subcharts matched to Chart.yaml
 * dependencies by name and version range, renamed by `alias`, disabled by `condition` and `tags`,
 * and `import-values` (map form `{child, parent}` or `exports.<name>` strings) pulled from
 * children into parents with lower priority than the parent's own values.
 * Operates on a render copy of the chart (see {@link cloneChartForRender}); never on a loaded chart.
 */
import { isPlainMap, mapGet, mapHas, newGoMap, type GoMapObject, type GoValue } from '@marina/go-runtime';
import { coalesceTables, coalesceValues, mergeTables, mergeValues, type WarnFn } from '../values/coalesce';
import { deepCopy, isTable, pathToMap, pathValue, table } from '../values/values-table';
import type { Chart, ChartDependency } from './chart.types';
import { isCompatibleRange } from './helm-semver';

const RANGE_MEMO_MAX = 1024;
/** range → version → compatible. */
const rangeMemo = new Map<string, Map<string, boolean>>();

/**
 * `isCompatibleRange`, memoised: every render matches each Chart.yaml dependency against the
 * subcharts by version range, always with the same strings. (The check is pure and never throws.)
 */
function compatible(range: string, version: string): boolean {
  let byVersion = rangeMemo.get(range);
  if (byVersion === undefined) {
    if (rangeMemo.size >= RANGE_MEMO_MAX) rangeMemo.clear();
    rangeMemo.set(range, (byVersion = new Map()));
  }
  let ok = byVersion.get(version);
  if (ok === undefined) {
    ok = isCompatibleRange(range, version);
    if (byVersion.size >= RANGE_MEMO_MAX) byVersion.clear();
    byVersion.set(version, ok);
  }
  return ok;
}

/** A per-render copy of a chart tree: metadata and dependency lists are private to the copy. */
export function cloneChartForRender(c: Chart, parent: Chart | null = null): Chart {
  const copy: Chart = {
    ...c,
    metadata: {
      ...c.metadata,
      dependencies: c.metadata.dependencies.map((d) => ({
        ...d,
        tags: [...d.tags],
        importValues: [...d.importValues],
      })),
    },
    parent,
    dependencies: [],
  };
  copy.dependencies = c.dependencies.map((d) => cloneChartForRender(d, copy));
  return copy;
}

/** `ProcessDependenciesWithMerge` (what `helm install/template` runs before rendering). */
export function processDependencies(c: Chart, vals: GoMapObject, warn: WarnFn = () => {}): void {
  processDependencyEnabled(c, vals, '', warn);
  processDependencyImportValues(c, true, warn);
}

/** Helm's `getAliasDependency`: the subchart matching a dependency entry, renamed by its alias. */
export function aliasDependency(charts: readonly Chart[], dep: ChartDependency): Chart | null {
  for (const c of charts) {
    if (c.metadata.name !== dep.name) continue;
    if (!compatible(dep.version, c.metadata.version)) continue;
    const out: Chart = { ...c, metadata: { ...c.metadata } };
    if (dep.alias !== '') out.metadata.name = dep.alias;
    return out;
  }
  return null;
}

/** Helm's `processDependencyEnabled`: drops subcharts disabled by conditions/tags (mutates `c`). */
export function processDependencyEnabled(c: Chart, v: GoMapObject, path: string, warn: WarnFn = () => {}): void {
  const reqs = c.metadata.dependencies;
  if (reqs.length === 0) return;
  const chartDependencies: Chart[] = [];
  for (const existing of c.dependencies) {
    const declared = reqs.some(
      (r) => existing.metadata.name === r.name && compatible(r.version, existing.metadata.version),
    );
    if (!declared) chartDependencies.push(existing);
  }
  for (const req of reqs) {
    const dep = aliasDependency(c.dependencies, req);
    if (dep) chartDependencies.push(dep);
    if (req.alias !== '') req.name = req.alias;
  }
  setDependencies(c, chartDependencies);
  for (const r of reqs) r.enabled = true;
  const cvals = coalesceValues(c, v, warn);
  processDependencyTags(reqs, cvals, warn);
  processDependencyConditions(reqs, cvals, path, warn);
  const removed = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  const kept = c.dependencies.filter((d) => !removed.has(d.metadata.name));
  const keptMeta = reqs.filter((r) => !removed.has(r.name));
  for (const t of kept) processDependencyEnabled(t, cvals, `${path}${t.metadata.name}.`, warn);
  c.metadata.dependencies = keptMeta;
  setDependencies(c, kept);
}

function setDependencies(c: Chart, deps: Chart[]): void {
  c.dependencies = deps;
  for (const d of deps) d.parent = c;
}

function processDependencyConditions(reqs: ChartDependency[], cvals: GoMapObject, cpath: string, warn: WarnFn): void {
  for (const r of reqs) {
    for (const cond of r.condition.trim().split(',')) {
      if (cond.length === 0) continue;
      const pv = pathValue(cvals, cpath + cond);
      if (!pv.found) continue;
      if (typeof pv.value === 'boolean') {
        r.enabled = pv.value;
        break;
      }
      warn(`Warning: Condition path '${cond}' for chart ${r.name} returned non-bool value`);
    }
  }
}

function processDependencyTags(reqs: ChartDependency[], cvals: GoMapObject, warn: WarnFn): void {
  const vt = table(cvals, 'tags');
  if (!vt) return;
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.tags) {
      if (!mapHas(vt, k)) continue;
      const b = mapGet(vt, k);
      if (typeof b === 'boolean') {
        if (b) hasTrue = true;
        else hasFalse = true;
      } else warn(`Warning: Tag '${k}' for chart ${r.name} returned non-bool value`);
    }
    if (!hasTrue && hasFalse) r.enabled = false;
    else if (hasTrue || (!hasTrue && !hasFalse)) r.enabled = true;
  }
}

/** Helm's `processDependencyImportValues` (mutates the charts' values). */
export function processDependencyImportValues(c: Chart, merge: boolean, warn: WarnFn = () => {}): void {
  for (const d of c.dependencies) processDependencyImportValues(d, merge, warn);
  processImportValues(c, merge, warn);
}

function processImportValues(c: Chart, merge: boolean, warn: WarnFn): void {
  if (c.metadata.dependencies.length === 0) return;
  let cvals = merge ? mergeValues(c, null, warn) : coalesceValues(c, null, warn);
  let b: GoMapObject = newGoMap();
  const combine = (dst: GoMapObject, src: GoMapObject) =>
    (merge ? mergeTables(dst, src) : coalesceTables(dst, src)) as GoMapObject;
  for (const r of c.metadata.dependencies) {
    const outiv: GoValue[] = [];
    for (const riv of r.importValues) {
      if (isPlainMap(riv)) {
        const child = String(riv.child ?? '');
        const parent = String(riv.parent ?? '');
        outiv.push(Object.assign(newGoMap(), { child, parent }));
        const vv = table(cvals, `${r.name}.${child}`);
        if (!vv) {
          warn(`Warning: ImportValues missing table from chart ${r.name}: no table named "${child}"`);
          continue;
        }
        b = combine(b, pathToMap(parent, deepCopy(vv)));
      } else if (typeof riv === 'string') {
        const child = `exports.${riv}`;
        outiv.push(Object.assign(newGoMap(), { child, parent: '.' }));
        const vm = table(cvals, `${r.name}.${child}`);
        if (!vm) {
          warn(`Warning: ImportValues missing table: no table named "${child}"`);
          continue;
        }
        b = combine(b, deepCopy(vm));
      }
    }
    r.importValues = outiv;
  }
  if (merge) {
    // Helm deep-copies cvals so that merging b cannot write through tables cvals shares inside
    // itself. With nothing to merge the copy is unobservable: chart values are only ever read
    // through coalesce, which deep-copies them first.
    if (Object.keys(b).length > 0) cvals = deepCopy(cvals);
    c.values = mergeTables(cvals, b) as GoMapObject;
  } else {
    c.values = coalesceTables(trimNilValues(cvals), b) as GoMapObject;
  }
}

function trimNilValues(vals: GoMapObject): GoMapObject {
  const copy = deepCopy(vals);
  for (const k of Object.keys(copy)) {
    const v = copy[k];
    if (v === null) delete copy[k];
    else if (isTable(v)) copy[k] = trimNilValues(v);
  }
  return copy;
}
