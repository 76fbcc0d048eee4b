import { get } from 'node:http';
import { createServer, type Server } from 'node:http';
import { checkHost, checkUrl, guardedLookup, OutboundBlockedError, type Resolver } from './ssrf-guard';
import { deniedRange, normalizeIp } from './ip-ranges';
import { parseAllowList, SsrfPolicyError, STRICT_POLICY } from './ssrf-policy';

const fakeDns =
  (table: Record<string, string[]>): Resolver =>
  async (host) => {
    if (!(host in table)) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return table[host];
  };

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof OutboundBlockedError) return err.code;
    throw err;
  }
  return 'OK';
}

describe('IP ranges', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['169.254.10.10', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd12::1', 'private'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['8.8.8.8', null],
    ['2606:4700::1111', null],
    ['172.32.0.1', null],
  ])('%s → %s', (ip, kind) => {
    expect(deniedRange(ip)).toBe(kind);
  });

  it('normalises bracketed and zoned IPv6', () => {
    expect(normalizeIp('[fe80::1%eth0]')).toEqual({ address: 'fe80::1', family: 'ipv6' });
    expect(normalizeIp('example.com')).toBeNull();
  });
});

describe('SSRF policy', () => {
  const dns = fakeDns({
    'repo.example.com': ['93.184.216.34'],
    'internal.corp': ['10.0.0.5'],
    'mixed.example.com': ['93.184.216.34', '127.0.0.1'],
    'charts.local': ['192.168.1.10'],
  });

  it('allows public hosts and denies hosts with any private address', async () => {
    expect(await checkHost('repo.example.com', STRICT_POLICY, dns)).toEqual(['93.184.216.34']);
    expect(await codeOf(checkHost('internal.corp', STRICT_POLICY, dns))).toBe('SSRF_BLOCKED');
    expect(await codeOf(checkHost('mixed.example.com', STRICT_POLICY, dns))).toBe('SSRF_BLOCKED');
    expect(await codeOf(checkUrl('http://169.254.169.254/latest/meta-data', STRICT_POLICY, dns))).toBe('SSRF_BLOCKED');
    expect(await codeOf(checkUrl('http://[::ffff:127.0.0.1]:8080/', STRICT_POLICY, dns))).toBe('SSRF_BLOCKED');
    expect(await codeOf(checkHost('nowhere.invalid', STRICT_POLICY, dns))).toBe('DNS_FAILED');
    expect(await codeOf(checkUrl('not a url', STRICT_POLICY, dns))).toBe('BAD_URL');
  });

  it('permits allow-listed host names, wildcards, IPs and CIDRs', async () => {
    const policy = parseAllowList('internal.corp, *.local ,127.0.0.1, 10.9.0.0/16, fd00::/8');
    expect(await codeOf(checkHost('internal.corp', policy, dns))).toBe('OK');
    expect(await codeOf(checkHost('charts.local', policy, dns))).toBe('OK');
    expect(await codeOf(checkUrl('http://127.0.0.1:9000/x', policy, dns))).toBe('OK');
    expect(await codeOf(checkUrl('http://10.9.3.4/', policy, dns))).toBe('OK');
    expect(await codeOf(checkUrl('http://10.8.3.4/', policy, dns))).toBe('SSRF_BLOCKED');
    expect(await codeOf(checkUrl('http://127.0.0.2/', policy, dns))).toBe('SSRF_BLOCKED');
    expect(await codeOf(checkUrl('http://[fd12::1]/', policy, dns))).toBe('OK');
  });

  it('rejects malformed allow-list entries with a typed error', () => {
    for (const bad of ['10.0.0.0/33', 'exa mple.com', 'http://x', '1.2.3.4/8/9']) {
      expect(() => parseAllowList(bad)).toThrow(SsrfPolicyError);
    }
  });
});

describe('guardedLookup', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  const fetchVia = (policy = STRICT_POLICY, dns = fakeDns({ 'rebind.test': ['127.0.0.1'] })) =>
    new Promise<string>((resolve, reject) => {
      const req = get({ host: 'rebind.test', port, path: '/', lookup: guardedLookup(policy, dns) }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
    });

  it('refuses a connection whose name resolves to loopback at connect time', async () => {
    await expect(fetchVia()).rejects.toMatchObject({ code: 'SSRF_BLOCKED' });
  });

  it('connects when the loopback address is allow-listed', async () => {
    await expect(fetchVia(parseAllowList('127.0.0.1'))).resolves.toBe('ok');
  });
});
