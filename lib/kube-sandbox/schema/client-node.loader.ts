/**
 * @kubernetes/client-node 2.x is an ES module; this CommonJS project loads it with Node's
 * synchronous `require(esm)` (Node ≥ 22.12). Under jest the package (and its ES-module
 * dependencies) are compiled to CommonJS by the transform in jest.config.js.
 * Types come through a type-only import.
 */
import type * as ClientNode from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

export type ClientNodeModule = typeof ClientNode;

/** The @kubernetes/client-node module. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
export const clientNode = require('@kubernetes/client-node') as ClientNodeModule;
