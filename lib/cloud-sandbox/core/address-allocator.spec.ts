import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intToIp, ipToInt, listeningAddresses, LoopbackAddressAllocator } from './address-allocator';

describe('LoopbackAddressAllocator', () => {
  let lockDir: string;
  beforeEach(() => (lockDir = mkdtempSync(join(tmpdir(), 'addr-spec-'))));
  afterEach(() => rmSync(lockDir, { recursive: true, force: true }));

  it('converts addresses both ways', () => {
    expect(intToIp(ipToInt('127.10.3.250'))).toBe('127.10.3.250');
  });

  it('hands out distinct 127.10.x.y addresses, never 127.0.0.1, and frees them', () => {
    const a = new LoopbackAddressAllocator(lockDir);
    const b = new LoopbackAddressAllocator(lockDir);
    const first = a.allocate();
    const second = b.allocate();
    expect(first).toMatch(/^127\.10\.\d+\.\d+$/);
    expect(second).not.toBe(first);
    expect(readFileSync(join(lockDir, first), 'utf8')).toBe(String(process.pid));
    a.release(first);
    expect(existsSync(join(lockDir, first))).toBe(false);
    expect(b.allocate()).toBe(first);
    expect(a.allocate('127.0.0.1')).not.toBe('127.0.0.1');
  });

  it('reclaims the lock of a dead owner and keeps a preferred address', () => {
    writeFileSync(join(lockDir, '127.10.0.9'), '999999999');
    const a = new LoopbackAddressAllocator(lockDir);
    expect(a.allocate('127.10.0.9')).toBe('127.10.0.9');
    expect(a.allocate('127.10.0.9')).toBe('127.10.0.9');
  });

  it('skips an address something already listens on', async () => {
    const probe = new LoopbackAddressAllocator(lockDir);
    const ip = probe.allocate();
    probe.release(ip);
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, ip, resolve));
    try {
      expect(listeningAddresses().has(ip)).toBe(true);
      expect(new LoopbackAddressAllocator(lockDir).allocate()).not.toBe(ip);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
