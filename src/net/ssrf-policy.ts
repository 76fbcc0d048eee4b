import { BlockList } from 'node:net';
import { normalizeIp } from './ip-ranges';

/**
 * Outbound-address policy: public addresses are allowed; loopback, private, link-local,
 * metadata and other special addresses are denied unless allow-listed here. Immutable; build
 * it once from configuration (`parseAllowList(config.allowedHosts)`) and pass it down.
 */
export interface SsrfPolicy {
  /** Lower-case host names (exact, or `*.suffix` for any subdomain) whose addresses are all allowed. */
  readonly hosts: readonly string[];
  /** Allowed IPs and CIDRs (each resolved address is checked against these). */
  readonly networks: BlockList;
  /** The entries as given, for messages and logs. */
  readonly entries: readonly string[];
  /** Longest time one outbound read may take from the first byte sent to the last received (ms). */
  readonly readDeadlineMs: number;
}

/** Default overall deadline of one outbound read (MARINA_OUTBOUND_DEADLINE_MS). */
export const DEFAULT_READ_DEADLINE_MS = 60_000;

/** Typed error for a malformed allow-list entry. */
export class SsrfPolicyError extends Error {
  readonly code = 'INVALID_ALLOW_LIST';
  constructor(
    readonly entry: string,
    reason: string,
  ) {
    super(`MARINA_ALLOWED_HOSTS entry "${entry}": ${reason}`);
  }
}

const HOST_NAME = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * Builds a policy from allow-list entries (a comma-separated string or a list): host names,
 * `*.domain` wildcards, IPs and CIDRs (IPv4 or IPv6). Throws SsrfPolicyError on a bad entry.
 */
export function parseAllowList(
  input: string | readonly string[] = [],
  options: { readonly readDeadlineMs?: number } = {},
): SsrfPolicy {
  const entries = (typeof input === 'string' ? input.split(',') : input).map((e) => e.trim()).filter((e) => e !== '');
  const networks = new BlockList();
  const hosts: string[] = [];
  for (const entry of entries) {
    const [addr, prefixText, extra] = entry.split('/');
    const ip = normalizeIp(addr);
    if (ip) {
      const max = ip.family === 'ipv4' ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max)
        throw new SsrfPolicyError(entry, 'bad CIDR prefix');
      networks.addSubnet(ip.address, prefix, ip.family);
    } else if (prefixText === undefined && HOST_NAME.test(entry.toLowerCase())) {
      hosts.push(entry.toLowerCase());
    } else {
      throw new SsrfPolicyError(entry, 'not a host name, IP address or CIDR');
    }
  }
  return Object.freeze({
    hosts: Object.freeze(hosts),
    networks,
    entries: Object.freeze(entries),
    readDeadlineMs: options.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS,
  });
}

/** The policy that allows no special address (production default with no allow-list). */
export const STRICT_POLICY: SsrfPolicy = parseAllowList([]);

/** True when the host name itself is allow-listed. */
export function hostAllowed(policy: SsrfPolicy, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return policy.hosts.some((p) => (p.startsWith('*.') ? h.endsWith(p.slice(1)) : h === p));
}

/** True when an address is covered by an allowed IP or CIDR. */
export function addressAllowed(policy: SsrfPolicy, address: string): boolean {
  const ip = normalizeIp(address);
  return ip !== null && policy.networks.check(ip.address, ip.family);
}
