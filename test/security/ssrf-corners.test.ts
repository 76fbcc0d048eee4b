import { createServer, type Server, type ServerResponse } from 'node:http';
import { deniedRange } from '../../src/net';
import { startTestMarina, type TestMarina } from '../support/marina';
import { developer, type Authed } from '../e2e/catalog-support';

/**
 * Finding 8: IPv6 forms carrying IPv4 addresses and deprecated site-local addresses are refused;
 * refusals do not tell what internal names resolve to; outbound reads have an overall deadline.
 */
const VALIDATE = `mutation($url:String!){ validateRepo(input:{ name:"probe", type:HTTP, url:$url, providers:[KUBERNETES] }){ ok errorCode message } }`;

let t: TestMarina;
let dev: Authed;
let victim: Server;
let victimPort: number;
let victimHits = 0;
let drip: Server;
let dripPort: number;
const dripping = new Set<ServerResponse>();
let dripClosed = 0;

beforeAll(async () => {
  victim = createServer((_req, res) => {
    victimHits++;
    res.end('apiVersion: v1\nentries: {}\n');
  });
  await new Promise<void>((r) => victim.listen(0, '127.0.0.1', r));
  victimPort = (victim.address() as { port: number }).port;
  // answers index.yaml one byte every 200 ms, for ever
  drip = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/yaml' });
    dripping.add(res);
    const timer = setInterval(() => res.write('#'), 200);
    res.on('close', () => {
      clearInterval(timer);
      dripping.delete(res);
      dripClosed++;
    });
  });
  await new Promise<void>((r) => drip.listen(0, '127.0.0.2', r));
  dripPort = (drip.address() as { port: number }).port;
  t = await startTestMarina('sec_ssrf', {
    env: { MARINA_ALLOWED_HOSTS: '127.0.0.2', MARINA_OUTBOUND_DEADLINE_MS: '1500' },
  });
  dev = await developer(t);
});
afterAll(async () => {
  for (const res of dripping) res.destroy();
  await t?.stop();
  await Promise.all([victim, drip].map((s) => new Promise((r) => s?.close(r))));
});

describe('finding 8: SSRF corners', () => {
  it.each([
    ['::127.0.0.1'],
    ['::7f00:1'],
    ['::ffff:0:127.0.0.1'],
    ['::ffff:0:7f00:1'],
    ['::ffff:127.0.0.1'],
    ['0:0:0:0:0:ffff:7f00:1'],
    ['::10.0.0.1'],
    ['::ffff:0:169.254.169.254'],
  ])('[%s] is refused before connecting', async (host) => {
    expect(deniedRange(host)).not.toBeNull();
    const res = await dev.ok(VALIDATE, { url: `http://[${host}]:${victimPort}/` });
    expect(res.validateRepo).toMatchObject({ ok: false, errorCode: 'SSRF_BLOCKED' });
  });

  it('deprecated site-local fec0::/10 and other special IPv6 ranges are refused', async () => {
    for (const host of [
      'fec0::1',
      'feff:ffff::1',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      '2001:db8::1',
      '64:ff9b::7f00:1',
    ]) {
      expect({ host, kind: deniedRange(host) }).toEqual({ host, kind: expect.any(String) });
      expect((await dev.ok(VALIDATE, { url: `http://[${host}]/` })).validateRepo.errorCode).toBe('SSRF_BLOCKED');
    }
    expect(victimHits).toBe(0);
  });

  it('a refusal does not tell a non-admin what an internal name resolves to', async () => {
    const res = (await dev.ok(VALIDATE, { url: `http://localhost:${victimPort}/` })).validateRepo;
    expect(res).toMatchObject({ ok: false, errorCode: 'SSRF_BLOCKED' });
    expect(res.message).not.toMatch(/127\.0\.0\.1|::1\b/);
    expect(res.message).toContain('localhost');
    expect(victimHits).toBe(0);
  });

  it('an outbound read that trickles is cut at the overall deadline', async () => {
    const res = (await dev.ok(VALIDATE, { url: `http://127.0.0.2:${dripPort}/` })).validateRepo;
    expect(res).toMatchObject({
      ok: false,
      errorCode: 'UNREACHABLE',
      message: expect.stringMatching(/within 1500 ms/),
    });
    expect(dripClosed).toBe(1);
  }, 30_000);
});
