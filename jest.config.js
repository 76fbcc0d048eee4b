// Jest: unit specs live next to the code (src and lib, *.spec.ts); a library's fidelity suites in
// lib/*/test/, the app's conformance, e2e and security suites under test/. `@marina/<lib>` maps to the
// library's entry source (lib/<lib>/index.ts), as the workspace link would.
const swcOptions = JSON.parse(require('fs').readFileSync(__dirname + '/.swcrc', 'utf8'));
const swc = ['@swc/jest', swcOptions];
// ES-module-only packages (@kubernetes/client-node 2.x, jsdom's and their ESM dependencies) are compiled to
// CommonJS for jest, whose module registry cannot require() ES modules without --experimental-vm-modules.
const esmPackages = [
  '@kubernetes/client-node',
  'openid-client',
  'oauth4webapi',
  'jose',
  'js-yaml',
  'jsonpath-plus',
  'socks-proxy-agent',
  'agent-base',
  // jsdom (the SVG sanitiser's DOM) and its ESM dependencies.
  '@exodus/bytes',
  'tough-cookie',
  'parse5',
  'entities',
  'lru-cache',
  'css-tree',
  '@bramus/specificity',
  '@asamuzakjp/[^/]+',
  '@csstools/[^/]+',
];
const esmToCjs = ['@swc/jest', { ...swcOptions, jsc: { ...swcOptions.jsc, parser: { syntax: 'ecmascript' } } }];
const common = {
  transform: { '^.+\\.ts$': swc, [`/node_modules/(${esmPackages.join('|')})/.+\\.m?js$`]: esmToCjs },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@marina/([^/]+)$': '<rootDir>/lib/$1/index.ts' },
};
module.exports = {
  // Servers, argon2 and real stores on a busy 2-core machine: hooks and tests get a minute before jest calls them hung.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/lib/*/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'conformance',
      testMatch: ['<rootDir>/test/conformance/**/*.test.ts', '<rootDir>/lib/*/test/**/*.test.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], slowTestThreshold: 30 },
    { ...common, displayName: 'security', testMatch: ['<rootDir>/test/security/**/*.test.ts'], slowTestThreshold: 30 },
  ],
};
