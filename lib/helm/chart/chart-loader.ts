/**
 * Loads Helm charts like Helm 3.17's pkg/chart/loader: from a directory (with .helmignore), from
 * a `.tgz` (through the safe archive reader; the top directory is stripped) or from a list of
 * files. Chart.yaml, Chart.lock, values.yaml, values.schema.json, templates/, charts/ (directories
 * and nested .tgz) and requirements.yaml/lock (apiVersion v1) are recognised; everything else
 * becomes `.Files`. Failures throw {@link ChartLoadError} with Helm's message.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isPlainMap, newGoMap, readTarGz, type GoValue } from '@marina/go-runtime';
import { unmarshalYaml } from '../yaml/sigs-yaml';
import { ChartMetadataError, emptyMetadata, readMetadataYaml, validateMetadata } from './chart-metadata';
import type { Chart, ChartFile, ChartLock } from './chart.types';
import { HelmIgnore } from './helmignore';

/** A chart could not be loaded; `message` reads like Helm's error. */
export class ChartLoadError extends Error {
  readonly code: string;
  override readonly name = 'ChartLoadError';
  constructor(message: string, code = 'INVALID_CHART') {
    super(message);
    this.code = code;
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function stripBom(b: Buffer): Buffer {
  return b.subarray(0, 3).equals(UTF8_BOM) ? b.subarray(3) : b;
}

/** Loads a chart directory. */
export function loadChartDir(dir: string): Chart {
  let ignoreText = '';
  try {
    ignoreText = readFileSync(join(dir, '.helmignore'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const rules = HelmIgnore.parse(ignoreText);
  const files: ChartFile[] = [];
  walk(dir, '', rules, files);
  return loadChartFiles(files);
}

function walk(root: string, rel: string, rules: HelmIgnore, out: ChartFile[]): void {
  const entries = readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const n = rel === '' ? entry.name : `${rel}/${entry.name}`;
    const full = join(root, n);
    // The directory entry's type spares a stat per file; links (followed, as Helm's walk does) and
    // file systems that report no type are stat-ed.
    const st: { isDirectory(): boolean; isFile(): boolean } =
      entry.isFile() || entry.isDirectory() ? entry : statSync(full);
    if (st.isDirectory()) {
      if (!rules.ignores(n, true)) walk(root, n, rules, out);
      continue;
    }
    if (rules.ignores(n, false)) continue;
    if (!st.isFile()) throw new ChartLoadError(`cannot load irregular file ${full} as it has file mode type bits set`);
    out.push({ name: n, data: stripBom(readFileSync(full)) });
  }
}

/** Loads a chart archive (.tgz) from memory. */
export function loadChartArchive(tgz: Buffer): Chart {
  return loadChartFiles(archiveFiles(tgz));
}

function archiveFiles(tgz: Buffer): ChartFile[] {
  let entries;
  try {
    entries = readTarGz(tgz);
  } catch (err) {
    throw new ChartLoadError((err as Error).message, (err as { code?: string }).code ?? 'CORRUPT_ARCHIVE');
  }
  const files: ChartFile[] = [];
  for (const e of entries) {
    const parts = e.path.split('/');
    if (parts[0] === 'Chart.yaml') throw new ChartLoadError('chart yaml not in base directory');
    const n = parts.slice(1).join('/');
    if (n === '') throw new ChartLoadError(`chart illegally contains content outside the base directory: "${e.path}"`);
    files.push({ name: n, data: stripBom(e.data) });
  }
  if (files.length === 0) throw new ChartLoadError('no files in chart archive');
  return files;
}

/** Loads a chart from chart-relative files (Helm's `LoadFiles`). */
export function loadChartFiles(files: readonly ChartFile[]): Chart {
  const c: Chart = {
    metadata: emptyMetadata(),
    lock: null,
    templates: [],
    values: newGoMap(),
    schema: null,
    files: [],
    raw: [...files],
    dependencies: [],
    parent: null,
  };
  let sawChartYaml = false;
  for (const f of files) {
    if (f.name !== 'Chart.yaml') continue;
    sawChartYaml = true;
    readMetadata(f, c, 'Chart.yaml');
    if (c.metadata.apiVersion === '') c.metadata.apiVersion = 'v1';
  }
  const subcharts = new Map<string, ChartFile[]>();
  for (const f of files) classify(f, c, subcharts, () => (sawChartYaml = true));
  if (!sawChartYaml) throw new ChartLoadError('Chart.yaml file is missing', 'MISSING_FILE');
  try {
    validateMetadata(c.metadata);
  } catch (err) {
    throw new ChartLoadError((err as Error).message, 'INVALID_METADATA');
  }
  for (const name of [...subcharts.keys()].sort()) {
    if (name.startsWith('_') || name.startsWith('.')) continue;
    const sub = loadSubchart(c, name, subcharts.get(name) as ChartFile[]);
    sub.parent = c;
    c.dependencies.push(sub);
  }
  return c;
}

function readMetadata(f: ChartFile, c: Chart, file: string): void {
  try {
    readMetadataYaml(f.data.toString('utf8'), c.metadata, file);
  } catch (err) {
    if (err instanceof ChartMetadataError) throw new ChartLoadError(err.message, 'INVALID_METADATA');
    throw err;
  }
}

function classify(f: ChartFile, c: Chart, subcharts: Map<string, ChartFile[]>, sawMeta: () => void): void {
  const n = f.name;
  if (n === 'Chart.yaml') return;
  if (n === 'Chart.lock' || n === 'requirements.lock') {
    c.lock = readLock(f, n);
    if (n === 'requirements.lock') {
      sawMeta();
      if (c.metadata.apiVersion === 'v1') c.files.push(f);
    }
  } else if (n === 'values.yaml') {
    c.values = readValuesFile(f, 'cannot load values.yaml');
  } else if (n === 'values.schema.json') {
    c.schema = f.data;
  } else if (n === 'requirements.yaml') {
    sawMeta();
    readMetadata(f, c, 'requirements.yaml');
    if (c.metadata.apiVersion === 'v1') c.files.push(f);
  } else if (n.startsWith('templates/')) {
    c.templates.push(f);
  } else if (n.startsWith('charts/')) {
    if (n.endsWith('.prov')) {
      c.files.push(f);
      return;
    }
    const rest = n.slice('charts/'.length);
    const cname = rest.split('/')[0];
    const list = subcharts.get(cname) ?? [];
    list.push({ name: rest, data: f.data });
    subcharts.set(cname, list);
  } else {
    c.files.push(f);
  }
}

function readLock(f: ChartFile, name: string): ChartLock {
  let doc: GoValue;
  try {
    doc = unmarshalYaml(f.data.toString('utf8'));
  } catch (err) {
    throw new ChartLoadError(`cannot load ${name}: ${(err as Error).message}`);
  }
  const m = isPlainMap(doc) ? doc : newGoMap();
  const deps = Array.isArray(m.dependencies) ? m.dependencies : [];
  return {
    generated: String(m.generated ?? ''),
    digest: String(m.digest ?? ''),
    dependencies: deps.filter(isPlainMap).map((d) => ({
      name: String(d.name ?? ''),
      version: String(d.version ?? ''),
      repository: String(d.repository ?? ''),
    })),
  };
}

/** Reads a values file: first YAML document, must be a map (or empty). */
export function readValuesFile(f: ChartFile, context: string): Chart['values'] {
  let doc: GoValue;
  try {
    doc = unmarshalYaml(f.data.toString('utf8'));
  } catch (err) {
    throw new ChartLoadError(`${context}: ${(err as Error).message}`, 'INVALID_YAML');
  }
  if (doc === null) return newGoMap();
  if (!isPlainMap(doc)) {
    const kind = Array.isArray(doc) ? 'array' : typeof doc === 'boolean' ? 'bool' : typeof doc;
    throw new ChartLoadError(
      `${context}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
      'INVALID_YAML',
    );
  }
  return doc;
}

function loadSubchart(parent: Chart, n: string, files: ChartFile[]): Chart {
  try {
    if (n.endsWith('.tgz')) {
      const file = files[0];
      if (file.name !== n)
        throw new ChartLoadError(
          `error unpacking subchart tar in ${parent.metadata.name}: expected ${n}, got ${file.name}`,
        );
      return loadChartArchive(file.data);
    }
    const buff: ChartFile[] = [];
    for (const f of files) {
      const slash = f.name.indexOf('/');
      if (slash < 0) continue;
      buff.push({ name: f.name.slice(slash + 1), data: f.data });
    }
    return loadChartFiles(buff);
  } catch (err) {
    throw new ChartLoadError(
      `error unpacking subchart ${n} in ${parent.metadata.name}: ${(err as Error).message}`,
      (err as ChartLoadError).code ?? 'INVALID_CHART',
    );
  }
}

/** Loads a chart from a directory path, a `.tgz` path, a `.tgz` buffer or a file list. */
export function loadChart(input: string | Buffer | readonly ChartFile[]): Chart {
  if (Buffer.isBuffer(input)) return loadChartArchive(input);
  if (typeof input === 'string') {
    const st = statSync(input);
    return st.isDirectory() ? loadChartDir(input) : loadChartFile(input);
  }
  return loadChartFiles(input);
}

/** Helm's `LoadFile`: checks the file looks like a gzip archive first (message names the path). */
export function loadChartFile(path: string): Chart {
  const data = readFileSync(path);
  const isGzip = data.length >= 3 && data[0] === 0x1f && data[1] === 0x8b && data[2] === 0x08;
  if (!isGzip) {
    if (path.endsWith('.yml') || path.endsWith('.yaml')) {
      throw new ChartLoadError(`file '${path}' seems to be a YAML file, but expected a gzipped archive`, 'NOT_GZIP');
    }
    throw new ChartLoadError(
      `file '${path}' does not appear to be a gzipped archive; got '${sniffContentType(data)}'`,
      'NOT_GZIP',
    );
  }
  return loadChartArchive(data);
}

/**
 * The two answers of Go's http.DetectContentType that matter here: text or binary. Helm sniffs a
 * zero-filled 512-byte buffer, so files shorter than that read as binary.
 */
function sniffContentType(data: Buffer): string {
  const head = Buffer.alloc(512);
  data.copy(head, 0, 0, 512);
  const binary = head.some((b) => b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f));
  return binary ? 'application/octet-stream' : 'text/plain; charset=utf-8';
}
