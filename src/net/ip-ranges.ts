import { BlockList, isIP } from 'node:net';

/** Why an address is refused by default. */
export type DeniedRangeKind = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'shared' | 'multicast' | 'reserved';

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
  ['64:ff9b::', 96, 'ipv6', 'reserved'],
  ['2002::', 16, 'ipv6', 'reserved'],
];

const lists = RANGES.map(([net, prefix, family, kind]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, family);
  return { list, family, kind };
});

/**
 * Normalises an IP literal: strips brackets and zone ids, and turns IPv4-mapped/compatible
 * IPv6 (`::ffff:7f00:1`, `::ffff:127.0.0.1`) into the IPv4 address it carries.
 * Returns null for anything that is not an IP address.
 */
export function normalizeIp(raw: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const s = raw.replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
  const v = isIP(s);
  if (v === 4) return { address: s, family: 'ipv4' };
  if (v !== 6) return null;
  const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(.+)$/.exec(s) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (mapped) {
    const tail = mapped[1];
    if (isIP(tail) === 4) return { address: tail, family: 'ipv4' };
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(tail);
    if (hex) {
      const hi = parseInt(hex[1], 16);
      const lo = parseInt(hex[2], 16);
      return { address: `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, family: 'ipv4' };
    }
  }
  return { address: s, family: 'ipv6' };
}

/** The denied range an address falls in, or null when it is a public address. */
export function deniedRange(address: string): DeniedRangeKind | null {
  const ip = normalizeIp(address);
  if (!ip) return 'reserved';
  for (const r of lists) if (r.family === ip.family && r.list.check(ip.address, ip.family)) return r.kind;
  return null;
}
