// ESLint (flat config): TypeScript through typescript-eslint's parser, and the rules the tree
// keeps. `npm run lint` runs it with `prettier --check` (formatting is Prettier's alone).
'use strict';
const tseslint = require('typescript-eslint');
const { rule: libraryBoundaries } = require('./scripts/lint/library-boundaries');

const marina = { rules: { 'library-boundaries': libraryBoundaries } };

module.exports = [
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.cache/**',
      'coverage/**',
      '.marina/**',
      'test/fixtures/**',
      'test/e2e/fixtures/**',
    ],
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin, marina },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      'marina/library-boundaries': 'error',
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', ecmaVersion: 'latest' },
    plugins: { marina },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: { 'marina/library-boundaries': 'error' },
  },
];
