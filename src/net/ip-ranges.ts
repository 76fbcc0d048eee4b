import { BlockList, isIP } from 'node:net';

/** Why an address is refused by default. */
export type DeniedRangeKind =
  'unspecified' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'shared' | 'multicast' | 'reserved';

const RANGES: ReadonlyArray<[string, number, 'ipv4' | 'ipv6', DeniedRangeKind]> = [
  // Cloud metadata endpoints first so they are named as such (AWS/GCP/Azure/OpenStack, Aliyun, AWS IPv6).
  ['169.254.169.254', 32, 'ipv4', 'metadata'],
  ['100.100.100.200', 32, 'ipv4', 'metadata'],
  ['fd00:ec2::254', 128, 'ipv6', 'metadata'],
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'private'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
  ['fec0::', 10, 'ipv6', 'private'], // deprecated site-local, still routed inside some networks
  ['64:ff9b::', 96, 'ipv6', 'reserved'],
  ['64:ff9b:1::', 48, 'ipv6', 'reserved'],
  ['100::', 64, 'ipv6', 'reserved'],
  ['2001::', 32, 'ipv6', 'reserved'], // Teredo: carries an IPv4 address
  ['2001:db8::', 32, 'ipv6', 'reserved'],
  ['2002::', 16, 'ipv6', 'reserved'],
];

const lists = RANGES.map(([net, prefix, family, kind]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, family);
  return { list, family, kind };
});

/**
 * Normalises an IP literal: strips brackets and zone ids, and turns IPv6 forms that carry an IPv4
 * address into that address: IPv4-mapped (`::ffff:127.0.0.1`), IPv4-translated
 * (`::ffff:0:127.0.0.1`) and the deprecated IPv4-compatible (`::127.0.0.1`, `::7f00:1`).
 * Returns null for anything that is not an IP address.
 */
export function normalizeIp(raw: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const s = raw
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  const v = isIP(s);
  if (v === 4) return { address: s, family: 'ipv4' };
  if (v !== 6) return null;
  const embedded = embeddedIpv4(ipv6Words(s));
  return embedded ? { address: embedded, family: 'ipv4' } : { address: s, family: 'ipv6' };
}

/** The eight 16-bit words of a valid IPv6 literal (a dotted IPv4 tail counts as two words). */
function ipv6Words(s: string): number[] {
  const parse = (part: string): number[] =>
    part === '' ? [] : part.split(':').flatMap((w) => (w.includes('.') ? dottedWords(w) : [parseInt(w, 16)]));
  const [head, tail] = s.split('::');
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
}

function dottedWords(dotted: string): number[] {
  const [a, b, c, d] = dotted.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

/** The IPv4 address a mapped, translated or compatible IPv6 address carries, else null. */
function embeddedIpv4(w: number[]): string | null {
  const zero = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  const mapped = zero(0, 5) && w[5] === 0xffff;
  const translated = zero(0, 4) && w[4] === 0xffff && w[5] === 0;
  const compatible = zero(0, 6) && (w[6] !== 0 || w[7] > 1); // not :: and not ::1
  if (!mapped && !translated && !compatible) return null;
  return `${w[6] >> 8}.${w[6] & 255}.${w[7] >> 8}.${w[7] & 255}`;
}

/** The denied range an address falls in, or null when it is a public address. */
export function deniedRange(address: string): DeniedRangeKind | null {
  const ip = normalizeIp(address);
  if (!ip) return 'reserved';
  for (const r of lists) if (r.family === ip.family && r.list.check(ip.address, ip.family)) return r.kind;
  return null;
}
