/**
 * @kubernetes/client-node 2.x is an ES module; this CommonJS application loads it with Node's
 * synchronous `require(esm)` (Node ≥ 22.12; under jest it is compiled to CommonJS, see
 * jest.config.js). Types come through a type-only import. Loaded on first use so processes that
 * never talk to a cluster do not pay for its model metadata.
 */
import type * as ClientNode from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

export type ClientNodeModule = typeof ClientNode;

let loaded: ClientNodeModule | undefined;

/** The @kubernetes/client-node module. */
export function clientNode(): ClientNodeModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  loaded ??= require('@kubernetes/client-node') as ClientNodeModule;
  return loaded;
}
