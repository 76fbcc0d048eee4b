// ESLint rule `marina/library-boundaries`: the workspace libraries under lib/ are reached only
// through their entry points, and imports between them run one way.
//
// For every module reference (import/export from, import(), require(), import x = require(),
// typeof import()) of a file in the repository:
// - `@marina/<lib>/<anything>` is a deep import: only the entry `@marina/<lib>` may be imported;
// - a relative path from outside lib/<lib>/ into it is a deep import as well;
// - a library may import only the libraries below it in LAYERS (`@marina/<other>`, never a
//   relative path into lib/<other>/), never itself by package name, and never the application
//   (src/). A library missing from LAYERS may import go-runtime only.
'use strict';
const { dirname, relative, resolve, sep } = require('node:path');

const root = resolve(__dirname, '../..');
const libRoot = resolve(root, 'lib');
const srcRoot = resolve(root, 'src');

/** Which libraries each library may import (helm → gotemplate → go-runtime; the sandboxes stand alone). */
const LAYERS = {
  'go-runtime': [],
  gotemplate: ['go-runtime'],
  helm: ['gotemplate', 'go-runtime'],
  'kube-sandbox': ['go-runtime'],
  'cloud-sandbox': ['go-runtime'],
};
const DEFAULT_LAYER = ['go-runtime'];

/** The library folder a path lies in, or null. */
function libraryOf(file) {
  const rel = relative(libRoot, file);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) return null;
  return rel.split(sep)[0];
}

const inside = (dir, file) => {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
};

/** The problem with importing `spec` from `file`, or null. */
function problem(file, spec) {
  const from = libraryOf(file);
  const pkg = /^@marina\/([^/]+)(\/.*)?$/.exec(spec);
  if (pkg) {
    const [, target, deep] = pkg;
    if (deep) return `deep import '${spec}': import the library's entry '@marina/${target}'`;
    if (from === null) return null;
    if (target === from) return `lib/${from} imports itself by package name: use a relative path`;
    if (!(LAYERS[from] ?? DEFAULT_LAYER).includes(target))
      return `'${spec}' against the direction of the libraries: lib/${from} may import ${(LAYERS[from] ?? DEFAULT_LAYER).map((l) => `@marina/${l}`).join(', ') || 'no other library'}`;
    return null;
  }
  if (!spec.startsWith('.')) return null;
  const target = resolve(dirname(file), spec);
  const to = libraryOf(target);
  if (from !== null && inside(srcRoot, target))
    return `lib/${from} imports the application ('${spec}'): libraries depend on no application code`;
  if (to !== null && to !== from) return `relative import '${spec}' into lib/${to}: import its entry '@marina/${to}'`;
  return null;
}

/** The string literal naming the module of a node, if the node references a module. */
function moduleSpecifier(node) {
  switch (node.type) {
    case 'ImportDeclaration':
    case 'ExportNamedDeclaration':
    case 'ExportAllDeclaration':
    case 'ImportExpression':
      return node.source;
    case 'TSExternalModuleReference':
      return node.expression;
    case 'TSImportType':
      return node.argument && node.argument.type === 'TSLiteralType' ? node.argument.literal : node.argument;
    case 'CallExpression':
      return node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1
        ? node.arguments[0]
        : null;
    default:
      return null;
  }
}

const rule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Workspace libraries are imported only through their entry points, and only in the direction of LAYERS',
    },
    schema: [],
  },
  create(context) {
    const file = resolve(context.filename);
    const check = (node) => {
      const spec = moduleSpecifier(node);
      if (!spec || spec.type !== 'Literal' || typeof spec.value !== 'string') return;
      const message = problem(file, spec.value);
      if (message) context.report({ node: spec, message });
    };
    const visitors = {};
    for (const type of [
      'ImportDeclaration',
      'ExportNamedDeclaration',
      'ExportAllDeclaration',
      'ImportExpression',
      'TSExternalModuleReference',
      'TSImportType',
      'CallExpression',
    ])
      visitors[type] = check;
    return visitors;
  },
};

module.exports = { rule, LAYERS, problem };
