/**
 * Node built-in modules that only a few functions need (crypto, net), loaded on first use:
 * `marina template` is a short-lived process and loading node:crypto alone costs ~15 ms there.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy loading of built-ins */

let cryptoModule: typeof import('node:crypto') | undefined;
let netModule: typeof import('node:net') | undefined;

/** node:crypto, loaded on first call. */
export function nodeCrypto(): typeof import('node:crypto') {
  cryptoModule ??= require('node:crypto') as typeof import('node:crypto');
  return cryptoModule;
}

/** node:net, loaded on first call. */
export function nodeNet(): typeof import('node:net') {
  netModule ??= require('node:net') as typeof import('node:net');
  return netModule;
}
