import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { deniedRange, normalizeIp } from './ip-ranges';
import { addressAllowed, hostAllowed, type SsrfPolicy } from './ssrf-policy';

export type OutboundErrorCode = 'BAD_URL' | 'SSRF_BLOCKED' | 'DNS_FAILED';

/** Typed refusal of an outbound connection. */
export class OutboundBlockedError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    readonly host: string,
    message: string,
  ) {
    super(message);
  }
}

/** Resolves all addresses of a host (IP literals resolve to themselves). */
export type Resolver = (host: string) => Promise<readonly string[]>;

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses: LookupAddress[]) =>
      err ? reject(err) : resolve(addresses.map((a) => a.address)),
    );
  });

/**
 * Checks that every address `host` resolves to is permitted. Host-name allow-list entries
 * permit all addresses; otherwise each address must be public or inside an allowed network.
 * Resolves to the addresses on success; rejects with OutboundBlockedError.
 */
export async function checkHost(
  host: string,
  policy: SsrfPolicy,
  resolver: Resolver = systemResolver,
): Promise<readonly string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const literal = normalizeIp(bare);
  let addresses: readonly string[];
  if (literal) addresses = [bare];
  else {
    try {
      addresses = await resolver(bare);
    } catch (err) {
      throw new OutboundBlockedError(
        'DNS_FAILED',
        bare,
        `cannot resolve ${bare}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      );
    }
    if (addresses.length === 0) throw new OutboundBlockedError('DNS_FAILED', bare, `${bare} has no addresses`);
  }
  if (!literal && hostAllowed(policy, bare)) return addresses;
  for (const a of addresses) {
    const kind = deniedRange(a);
    if (kind && !addressAllowed(policy, a)) {
      // The message names the kind of address, never the address: callers must not learn what internal names resolve to.
      throw new OutboundBlockedError(
        'SSRF_BLOCKED',
        bare,
        `${bare} is a ${kind} address or resolves to one; not allowed unless listed in MARINA_ALLOWED_HOSTS`,
      );
    }
  }
  return addresses;
}

/** Parses an absolute http(s)/s3 URL and checks its host. */
export async function checkUrl(url: string, policy: SsrfPolicy, resolver?: Resolver): Promise<URL> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new OutboundBlockedError('BAD_URL', '', `not a valid URL: ${url}`);
  }
  if (!u.hostname) throw new OutboundBlockedError('BAD_URL', '', `URL has no host: ${url}`);
  await checkHost(u.hostname, policy, resolver);
  return u;
}

/**
 * A `lookup` for http/https agents and sockets that applies the policy at connect time, so a
 * DNS answer that changes after validation (rebinding) is still refused.
 */
export function guardedLookup(policy: SsrfPolicy, resolver: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    checkHost(hostname, policy, resolver).then(
      (all) => {
        const family = (a: string) => (normalizeIp(a)?.family === 'ipv6' ? 6 : 4);
        const wanted =
          options.family === 4 || options.family === 6 ? all.filter((a) => family(a) === options.family) : all;
        const addresses = wanted.length > 0 ? wanted : all;
        if (options.all)
          callback(
            null,
            addresses.map((address) => ({ address, family: family(address) })),
          );
        else callback(null, addresses[0], family(addresses[0]));
      },
      (err: Error) =>
        callback(Object.assign(err, { code: (err as OutboundBlockedError).code }) as NodeJS.ErrnoException, '', 0),
    );
  };
}
