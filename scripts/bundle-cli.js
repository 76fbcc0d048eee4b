#!/usr/bin/env node
// Build step (after tsc, part of `npm run build`): writes dist/template-cli.bundle.js, every CommonJS
// module reachable from dist/src/cli/template/template-run.js (our compiled code and the
// node_modules it uses) in one file with a tiny module registry. Loading ~100 separate modules costs
// `marina template` a resolve, a stat/read and a compile-cache lookup each; one file costs one.
//
// What is kept: each module runs in its own function with its own exports/require/module/
// __filename/__dirname and `this === module.exports`, only when first required (so lazy requires
// inside functions stay lazy), once, with CommonJS cycle semantics (a cycle sees the partial
// exports) and, like Node, is dropped from the cache when it throws. Every require() in the graph is
// resolved here, with Node's own resolver, and recorded; Node built-ins stay real requires; JSON
// modules are inlined. A require that is not a call with one string literal fails the build, since
// it could not be recorded; so does a use of module.<anything but exports/id/filename/loaded>.
// Sloppy-mode modules stay sloppy (the registry adds no 'use strict').
//
// Source maps: dist/template-cli.bundle.js.map merges every module's own map: tsc's .js.map (so
// `node --enable-source-maps` reports the same .ts lines as the unbundled build) or, for
// node_modules, an identity map onto the original file. Without that flag, stack traces show bundle
// lines; a `// <path>` comment above each module names the file it came from.
//
// Modules reached only through requires inside functions (the `yaml` library behind the fallback
// YAML reader, the .tgz reader) go to dist/template-cli.lazy.bundle.js, which the registry loads the
// first time one of them is required (it carries the same build id), so `marina template` on a
// chart directory does not read or compile them.
//
// Staleness: the bundle is only valid when it is at least as new as dist/.tsbuildinfo, which tsc
// rewrites on every build that emits (src/cli/template.command.ts checks it: two stats). Both files
// are written to temporary names and renamed, and the build fails if tsc touched dist meanwhile.
//
// Usage: node scripts/bundle-cli.js [--entry FILE] [--out FILE] [--stamp FILE]
'use strict';
const { createHash } = require('node:crypto');
const { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const { createRequire, isBuiltin } = require('node:module');
const { dirname, join, relative, resolve, sep } = require('node:path');

const root = join(__dirname, '..');

function parseArgs(argv) {
  const opts = {
    entry: join(root, 'dist/src/cli/template/template-run.js'),
    out: join(root, 'dist/template-cli.bundle.js'),
    stamp: join(root, 'dist/.tsbuildinfo'),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in opts) || argv[i + 1] === undefined)
      throw new Error(`usage: bundle-cli.js [--entry FILE] [--out FILE] [--stamp FILE] (bad argument ${argv[i]})`);
    opts[key] = resolve(argv[i + 1]);
  }
  return opts;
}

/** What the registry's `module` object has (Node's also has parent, children, paths, require…). */
const moduleFields = new Set(['exports', 'id', 'filename', 'loaded']);

/** Every `require('x')` call in a module's source, found with TypeScript's parser (not a regex, so
 *  strings and comments that mention require are not mistaken for calls). */
function requireCalls(ts, file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const specs = [];
  const visit = (node) => {
    if (ts.isIdentifier(node) && node.text === 'require' && !isDeclarationOrProperty(ts, node)) {
      const call = node.parent;
      const isCall = ts.isCallExpression(call) && call.expression === node;
      const arg = isCall && call.arguments.length === 1 ? call.arguments[0] : undefined;
      if (!arg || !(ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        throw new Error(
          `${file}:${line + 1}: require is used other than as require('literal'); the bundle cannot record it`,
        );
      }
      specs.push({ spec: arg.text, lazy: insideFunction(ts, call) });
    }
    const p = node.parent;
    if (
      ts.isIdentifier(node) &&
      node.text === 'module' &&
      p &&
      ts.isPropertyAccessExpression(p) &&
      p.expression === node &&
      !moduleFields.has(p.name.text)
    ) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      throw new Error(`${file}:${line + 1}: module.${p.name.text} is not provided by the bundle's registry`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specs;
}

/** A require inside a function runs when (if) that function is called, not when the module loads. */
function insideFunction(ts, node) {
  for (let p = node.parent; p; p = p.parent) if (ts.isFunctionLike(p)) return true;
  return false;
}

/** `obj.require`, `{ require: … }` and a local named require are not the module's require. */
function isDeclarationOrProperty(ts, node) {
  const p = node.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === node) return true;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === node)
    return true;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p)) && p.name === node) {
    throw new Error(
      `a local binding named require shadows the module's require (${node.getSourceFile().fileName}); not supported`,
    );
  }
  return false;
}

/** Walks the graph from the entry; returns modules in first-visit order (the entry is 0), each
 *  marked lazy when it is only reached through requires inside functions. */
function collect(entry) {
  const ts = require('typescript');
  const modules = [];
  const index = new Map();
  const visit = (file) => {
    if (index.has(file)) return index.get(file);
    const id = modules.length;
    index.set(file, id);
    const text = readFileSync(file, 'utf8');
    const mod = { file, text, deps: {}, eagerDeps: [], lazy: true };
    modules.push(mod);
    if (file.endsWith('.json')) return id;
    const req = createRequire(file);
    for (const { spec, lazy } of requireCalls(ts, file, text)) {
      if (!Object.hasOwn(mod.deps, spec)) mod.deps[spec] = isBuiltin(spec) ? spec : visit(req.resolve(spec));
      if (!lazy && typeof mod.deps[spec] === 'number') mod.eagerDeps.push(mod.deps[spec]);
    }
    return id;
  };
  visit(entry);
  const markEager = (id) => {
    if (!modules[id].lazy) return;
    modules[id].lazy = false;
    modules[id].eagerDeps.forEach(markEager);
  };
  markEager(0);
  return modules;
}

const sourceMapComment = /^\s*\/\/[#@] source(Mapping)?URL=.*$/gm;

/** The module's code as a factory body: same lines as the file (so its own source map still
 *  applies), its trailing sourceMappingURL and any shebang blanked out. */
function body(mod) {
  if (mod.file.endsWith('.json')) {
    const json = mod.text.charCodeAt(0) === 0xfeff ? mod.text.slice(1) : mod.text;
    JSON.parse(json); // fail the build, not the CLI, on invalid JSON
    return `module.exports = JSON.parse(${JSON.stringify(json)});`;
  }
  return mod.text.replace(/^#!.*/, '//').replace(sourceMapComment, '//');
}

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 VLQ, as source maps encode numbers. */
function vlq(n) {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v) digit |= 32;
    out += base64[digit];
  } while (v);
  return out;
}

/** A map's mappings as absolute [generatedColumn, source, line, column, name?] segments per line. */
function decodeMappings(mappings) {
  const state = [0, 0, 0, 0];
  return mappings.split(';').map((line) => {
    let column = 0;
    return line
      .split(',')
      .filter(Boolean)
      .map((segment) => {
        const fields = [];
        for (let i = 0, value = 0, shift = 0; i < segment.length; i++) {
          const digit = base64.indexOf(segment[i]);
          value += (digit & 31) << shift;
          if (digit & 32) {
            shift += 5;
          } else {
            fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = shift = 0;
          }
        }
        column += fields[0];
        const out = [column];
        for (let k = 1; k < fields.length; k++) out.push((state[k - 1] += fields[k]));
        return out;
      });
  });
}

/** Accumulates one ordinary (flat) source map for a file made of concatenated modules. Node's
 *  --enable-source-maps does not apply index maps ("sections"), so the modules' maps are merged. */
class MapBuilder {
  constructor() {
    this.sources = [];
    this.names = [];
    this.lines = [];
  }

  /** Adds `map` (relative to outDir) for a module starting at column 0 of generated line `offset`. */
  add(map, offset) {
    const sourceIds = map.sources.map((s) => this.sources.push(s) - 1);
    const nameIds = (map.names || []).map((n) => this.names.push(n) - 1);
    decodeMappings(map.mappings).forEach((segments, i) => {
      this.lines[offset + i] = segments.map(([col, src, line, column, name]) =>
        src === undefined
          ? [col]
          : name === undefined
            ? [col, sourceIds[src], line, column]
            : [col, sourceIds[src], line, column, nameIds[name]],
      );
    });
  }

  toJSON(file) {
    const prev = [0, 0, 0, 0];
    const mappings = Array.from(this.lines, (segments = []) => {
      let column = 0;
      return segments
        .map(([col, ...rest]) => {
          let out = vlq(col - column);
          column = col;
          rest.forEach((v, k) => {
            out += vlq(v - prev[k]);
            prev[k] = v;
          });
          return out;
        })
        .join(',');
    }).join(';');
    return JSON.stringify({ version: 3, file, sources: this.sources, names: this.names, mappings });
  }
}

/** The module's own map (tsc's .js.map) with sources made relative to the bundle, or an identity map. */
function moduleMap(mod, outDir, lines) {
  const own = `${mod.file}.map`;
  let map;
  try {
    map = JSON.parse(readFileSync(own, 'utf8'));
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  const toOut = (p) => relative(outDir, p).split(sep).join('/');
  if (map) {
    const base = resolve(dirname(own), map.sourceRoot || '');
    return { ...map, sources: map.sources.map((s) => toOut(resolve(base, s))) };
  }
  const mappings = Array.from({ length: lines }, (_, i) => (i === 0 ? 'AAAA' : `AA${vlq(1)}A`)).join(';');
  return { version: 3, sources: [toOut(mod.file)], names: [], mappings };
}

/** Runs last in the bundle: the registry. Sloppy code on purpose (see the header). Factories of
 *  lazy-only modules are 0 here and come from the side file, loaded the first time one is needed. */
const registry = `
var __marina = (function (defs, files, deps, outerRequire, bundleDir) {
  var path = outerRequire('node:path');
  var cache = [];
  var ancestors = [bundleDir];
  // files[id] is relative to the bundle's directory, '/'-separated, '../' only in front: string
  // operations instead of path.join, which costs ~3 us a module.
  function absolute(rel) {
    var up = 0;
    while (rel.startsWith('../', up * 3)) up++;
    for (var i = ancestors.length; i <= up; i++) ancestors[i] = path.dirname(ancestors[i - 1]);
    var rest = rel.slice(up * 3);
    var base = ancestors[up];
    return (base.endsWith(path.sep) ? base : base + path.sep) + (path.sep === '/' ? rest : rest.split('/').join(path.sep));
  }
  var lazyDefs;
  function factory(id) {
    if (defs[id] !== 0) return defs[id];
    if (lazyDefs === undefined) {
      var side = outerRequire(__marinaLazyFile);
      if (side.buildId !== __marinaBuildId) throw new Error('template-cli bundle: ' + __marinaLazyFile + ' is from another build; run npm run build');
      lazyDefs = side.defs;
    }
    return lazyDefs[id];
  }
  function makeRequire(id) {
    var map = deps[id];
    return function require(spec) {
      var target = map[spec];
      if (typeof target === 'number') return load(target);
      if (typeof target === 'string') return outerRequire(target);
      throw new Error('template-cli bundle: require(' + JSON.stringify(spec) + ') from ' + files[id] + ' was not recorded at build time');
    };
  }
  function load(id) {
    var cached = cache[id];
    if (cached !== undefined) return cached.exports;
    var filename = absolute(files[id]);
    var m = { id: filename, filename: filename, loaded: false, exports: {} };
    cache[id] = m;
    var ok = false;
    try {
      factory(id).call(m.exports, m.exports, makeRequire(id), m, filename, filename.slice(0, filename.lastIndexOf(path.sep)));
      ok = true;
    } finally {
      if (!ok) cache[id] = undefined; // like Node: a module that threw is loaded afresh next time
    }
    m.loaded = true;
    return m.exports;
  }
  return load;
})(__marinaDefs, __marinaFiles, __marinaDeps, require, __dirname);
module.exports = __marina(0);
`;

/** Source text and (merged) source map of one output file: `head` lines, then each module as
 *  `// path` + `key` + factory, or the one line `stub(mod)` when that returns one, then `tail` lines. */
function emit({ modules, outFile, head, key, stub = () => undefined, tail }) {
  const outDir = dirname(outFile);
  const parts = [...head];
  let line = parts.length; // 0-based line the next part starts on
  const map = new MapBuilder();
  for (const mod of modules) {
    const line1 = stub(mod);
    if (line1 !== undefined) {
      parts.push(line1);
      line += 1;
      continue;
    }
    // The parentheses make V8 compile the factory with the file (its "possibly invoked function
    // expression" heuristic) instead of on first call, so Node's compile cache, which is written right
    // after that compile, holds every module body as it would for separate module files.
    parts.push(
      `// ${relative(outDir, mod.file).split(sep).join('/')}`,
      `${key(mod)}(function (exports, require, module, __filename, __dirname) {`,
    );
    line += 2;
    const code = body(mod);
    const lines = code.split('\n').length;
    map.add(moduleMap(mod, outDir, lines), line);
    parts.push(code, '}),');
    line += lines + 1;
  }
  const name = outFile.split(sep).pop();
  parts.push(...tail, `//# sourceMappingURL=${name}.map`);
  return { outFile, code: `${parts.join('\n')}\n`, map: map.toJSON(name) };
}

function bundle({ entry, out, stamp }) {
  const stampBefore = statSync(stamp).mtimeMs;
  const modules = collect(entry);
  const outDir = dirname(out);
  const rel = (file) => relative(outDir, file).split(sep).join('/');
  const lazyOut = out.replace(/(\.bundle)?\.js$/, '.lazy$&');
  const hash = createHash('sha256');
  for (const mod of modules) hash.update(`${mod.file}\0${mod.text}\0`);
  const buildId = hash.digest('hex').slice(0, 16);
  const generated = `// Generated by scripts/bundle-cli.js from ${rel(entry)}; do not edit, npm run build rewrites it.`;
  const eager = modules.filter((m) => !m.lazy);
  const lazy = modules.filter((m) => m.lazy);
  const deps = modules.map(
    (m) =>
      `{ __proto__: null${Object.entries(m.deps)
        .map(([k, v]) => `, ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
        .join('')} }`,
  );
  const main = emit({
    modules,
    outFile: out,
    head: [
      generated,
      `// ${eager.length} modules in here, ${lazy.length} only required from inside functions in ${lazyOut.split(sep).pop()}.`,
      'var __marinaDefs = [',
    ],
    key: () => '',
    stub: (m) => (m.lazy ? `0, // ${rel(m.file)}, in ${lazyOut.split(sep).pop()}` : undefined),
    tail: [
      '];',
      `var __marinaFiles = ${JSON.stringify(modules.map((m) => rel(m.file)))};`,
      `var __marinaDeps = [\n${deps.join(',\n')}\n];`,
      `var __marinaBuildId = ${JSON.stringify(buildId)}, __marinaLazyFile = ${JSON.stringify(`./${lazyOut.split(sep).pop()}`)};`,
      registry.trim(),
    ],
  });
  const side = emit({
    modules: lazy,
    outFile: lazyOut,
    head: [
      generated,
      `// The modules ${out.split(sep).pop()} only requires from inside functions, loaded on first use.`,
      `exports.buildId = ${JSON.stringify(buildId)};`,
      'exports.defs = {',
    ],
    key: (m) => `${modules.indexOf(m)}: `,
    tail: ['};'],
  });

  // Side file first, main bundle last: a reader that sees the new bundle also sees its side file.
  const files = [side, main];
  for (const f of files) {
    writeFileSync(`${f.outFile}.${process.pid}.tmp.map`, f.map);
    writeFileSync(`${f.outFile}.${process.pid}.tmp`, f.code);
  }
  if (statSync(stamp).mtimeMs !== stampBefore) {
    for (const f of files)
      for (const tmp of [`${f.outFile}.${process.pid}.tmp`, `${f.outFile}.${process.pid}.tmp.map`]) unlinkSync(tmp);
    throw new Error(`${stamp} changed while bundling (a concurrent build?); run the build again`);
  }
  for (const f of files) {
    renameSync(`${f.outFile}.${process.pid}.tmp.map`, `${f.outFile}.map`);
    renameSync(`${f.outFile}.${process.pid}.tmp`, f.outFile);
  }
  return { eager: eager.length, lazy: lazy.length };
}

if (require.main === module) {
  const opts = parseArgs(process.argv.slice(2));
  const { eager, lazy } = bundle(opts);
  process.stdout.write(
    `bundle-cli: ${eager} modules (+${lazy} loaded lazily) -> ${relative(process.cwd(), opts.out)}\n`,
  );
}

module.exports = { bundle, parseArgs };
