/**
 * Template engine throughput on a realistic chart: Bitnami redis 23.1.1 (57 template files incl.
 * the Bitnami common library's _helpers) from shared/conformance. Prints parse time, full-render
 * time (cold and warm) and executions per second. Helm-only functions (include, tpl, toYaml,
 * required, lookup) are minimal stand-ins defined here, so figures measure the engine + Sprig.
 *
 * Run: npm run bench -- template-engine
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { defineGoMethods, goFunc, marshalJSON, tagGoType, type GoValue } from '@marina/go-runtime';
import { sprigFuncMap, Template } from '@marina/gotemplate';

const CHART = path.resolve(__dirname, '../../shared/conformance/charts/assembled/redis-23.1.1');
if (!fs.existsSync(CHART)) throw new Error(`bench chart missing: ${CHART}`);

function templateFiles(dir: string, prefix: string): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...templateFiles(full, `${prefix}/${entry.name}`));
    else if (/\.(ya?ml|tpl|txt)$/.test(entry.name))
      out.push({ name: `${prefix}/${entry.name}`, text: fs.readFileSync(full, 'utf8') });
  }
  return out;
}

const files = [
  ...templateFiles(path.join(CHART, 'charts/common/templates'), 'redis/charts/common/templates'),
  ...templateFiles(path.join(CHART, 'templates'), 'redis/templates'),
];
const values = parseYaml(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as GoValue;

const yamlMemo = new Map<string, GoValue>();

function buildSet(): Template {
  const root = Template.create('redis');
  let included = 0;
  const funcs = {
    ...sprigFuncMap(),
    include: goFunc('func(string, interface {}) (string, error)', (name: string, data: GoValue) => {
      if (++included > 1000) throw new Error('include nesting limit');
      try {
        return root.executeTemplate(name, data);
      } finally {
        included--;
      }
    }),
    tpl: goFunc('func(string, interface {}) (string, error)', (text: string, data: GoValue) =>
      root.clone().new('tpl').parse(text).execute(data),
    ),
    toYaml: goFunc('func(interface {}) string', (v: GoValue) => marshalJSON(v, { escapeHTML: false, indent: '  ' })),
    // Stand-in for Helm's fromYaml, memoised so the figures measure the template engine rather than
    // a YAML parser (the Helm layer owns the real one).
    fromYaml: goFunc('func(string) map[string]interface {}', (s: string) => {
      let v = yamlMemo.get(s);
      if (v === undefined) {
        try {
          v = (parseYaml(s) ?? {}) as GoValue;
        } catch (e) {
          v = { Error: (e as Error).message };
        }
        yamlMemo.set(s, v);
      }
      return v;
    }),
    fromYamlArray: goFunc('func(string) []interface {}', (s: string) => (parseYaml(s) ?? []) as GoValue),
    required: goFunc('func(string, interface {}) (interface {}, error)', (_m: string, v: GoValue) => v),
    lookup: goFunc('func(string, string, string, string) (map[string]interface {}, error)', () => ({})),
  };
  delete (funcs as Record<string, unknown>).env;
  root.funcs(funcs).option('missingkey=zero');
  for (const f of files) root.new(f.name).parse(f.text);
  return root;
}

function topData(name: string): GoValue {
  return {
    Values: values,
    Release: { Name: 'bench', Namespace: 'default', Service: 'Helm', IsInstall: true, IsUpgrade: false, Revision: 1n },
    Chart: {
      Name: 'redis',
      Version: '23.1.1',
      AppVersion: '8.2.1',
      Type: 'application',
      Annotations: tagGoType({}, 'map[string]string'),
    },
    Capabilities: {
      KubeVersion: { Version: 'v1.30.0', GitVersion: 'v1.30.0', Major: '1', Minor: '30' },
      APIVersions: defineGoMethods(tagGoType(['v1', 'apps/v1', 'policy/v1'], 'chartutil.VersionSet'), {
        Has: {
          sig: 'func(string) bool',
          fn: function (this: string[], v: string) {
            return this.includes(v);
          },
        },
      }),
    },
    Template: { Name: name, BasePath: 'redis/templates' },
    Files: defineGoMethods(
      {},
      {
        Get: { sig: 'func(string) string', fn: () => '' },
        Glob: { sig: 'func(string) map[string]interface {}', fn: () => ({}) },
      },
    ),
  };
}

const renderable = files.filter((f) => !path.basename(f.name).startsWith('_'));

function renderAll(set: Template): { bytes: number; errors: number } {
  let bytes = 0;
  let errors = 0;
  for (const f of renderable) {
    try {
      bytes += set.executeTemplate(f.name, topData(f.name)).length;
    } catch {
      errors++;
    }
  }
  return { bytes, errors };
}

/**
 * CPU milliseconds (user+system) spent in `fn`: the machine is shared, so wall time is reported
 * separately and CPU time is the figure that does not depend on other load.
 */
function time<T>(fn: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return [r, (c.user + c.system) / 1000, wall];
}

const [set, parseColdMs] = time(buildSet);
const parseRuns = 20;
const [, parseWarmTotal] = time(() => {
  for (let i = 0; i < parseRuns; i++) buildSet();
});
const [first, renderColdMs] = time(() => renderAll(set));
for (let i = 0; i < 20; i++) renderAll(set);
const runs = 200;
const passTimes: number[] = [];
const wallTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  const [, cpu, wall] = time(() => renderAll(set));
  passTimes.push(cpu);
  wallTimes.push(wall);
}
passTimes.sort((a, b) => a - b);
wallTimes.sort((a, b) => a - b);
const warmMs = passTimes[Math.floor(runs / 2)];
const bestMs = wallTimes[0];

const one = renderable.find((f) => f.name.endsWith('master/application.yaml'))!;
const iters = 2000;
const [, oneTotal] = time(() => {
  for (let i = 0; i < iters; i++) set.executeTemplate(one.name, topData(one.name));
});

const src = files.reduce((n, f) => n + f.text.length, 0);
console.log(
  `chart: bitnami/redis 23.1.1 — ${files.length} template files (${(src / 1024).toFixed(0)} KiB), ${renderable.length} rendered per pass`,
);
console.log(
  `parse (build the template set, CPU): cold ${parseColdMs.toFixed(1)} ms, warm ${(parseWarmTotal / parseRuns).toFixed(1)} ms  (${(src / 1024 / 1024 / (parseWarmTotal / parseRuns / 1000)).toFixed(1)} MiB/s)`,
);
console.log(
  `render all templates: cold ${renderColdMs.toFixed(1)} ms CPU, warm median ${warmMs.toFixed(2)} ms CPU/pass ` +
    `(wall: median ${wallTimes[Math.floor(runs / 2)].toFixed(2)} ms, best ${bestMs.toFixed(2)} ms) over ${runs} passes ` +
    `(${(1000 / warmMs).toFixed(0)} chart renders/s, ${first.bytes} bytes out, ${first.errors} templates errored)`,
);
console.log(
  `single template ${one.name}: ${((oneTotal / iters) * 1000).toFixed(0)} µs CPU/execution (${(iters / (oneTotal / 1000)).toFixed(0)}/s)`,
);
console.log(`parse + render (one cold chart render end to end): ${(parseColdMs + renderColdMs).toFixed(1)} ms`);
