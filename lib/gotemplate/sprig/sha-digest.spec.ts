import { createHash, randomBytes } from 'node:crypto';
import { sha1Hex, sha256Hex, sha512Hex } from './sha-digest';
import { secureRandomBytes, secureRandomInt } from '@marina/go-runtime';

const nodeHex = (alg: string, s: string): string => createHash(alg).update(s, 'utf8').digest('hex');

describe('sha digests', () => {
  const inputs = [
    '',
    'abc',
    'a'.repeat(55),
    'a'.repeat(56),
    'a'.repeat(63),
    'a'.repeat(64),
    'a'.repeat(65),
    'héllo wörld ✓ 𝄞',
    'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
    'x'.repeat(100_000),
  ];
  for (let i = 0; i < 40; i++) inputs.push(randomBytes(i * 7).toString('latin1'));

  it('sha256sum matches node:crypto (FIPS 180-4 vectors and random input)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const s of inputs) expect(sha256Hex(s)).toBe(nodeHex('sha256', s));
  });

  it('sha1sum matches node:crypto', () => {
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    for (const s of inputs) expect(sha1Hex(s)).toBe(nodeHex('sha1', s));
  });

  it('sha512sum matches node:crypto', () => {
    expect(sha512Hex('abc')).toBe(nodeHex('sha512', 'abc'));
  });
});

describe('secure random', () => {
  it('draws integers in range, covering every value', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = secureRandomInt(10);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(10);
      seen.add(v);
    }
    expect(seen.size).toBe(10);
  });

  it('rejects bounds it cannot draw uniformly', () => {
    expect(() => secureRandomInt(0)).toThrow(RangeError);
    expect(() => secureRandomInt(2 ** 49)).toThrow(RangeError);
  });

  it('returns fresh bytes across pool refills', () => {
    const a = secureRandomBytes(5000);
    const b = secureRandomBytes(5000);
    expect(a.length).toBe(5000);
    expect(a.equals(b)).toBe(false);
    expect(new Set(a).size).toBeGreaterThan(200);
  });
});

describe('sha256sum after the switch to node:crypto', () => {
  it('keeps the same digests', () => {
    const big = 'y'.repeat(5 << 20);
    expect(sha256Hex(big)).toBe(nodeHex('sha256', big));
    expect(sha256Hex('abc')).toBe(nodeHex('sha256', 'abc'));
  });
});
