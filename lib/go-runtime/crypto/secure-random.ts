/**
 * Cryptographically secure random numbers for Sprig (`randAlphaNum`, `shuffle`, `randInt`, …),
 * like Go's crypto/rand. Bytes come from the kernel CSPRNG (/dev/urandom, read in blocks into a
 * pool) so that the common template functions do not pay for loading node:crypto; where
 * /dev/urandom cannot be read, node:crypto's randomFillSync fills the pool instead.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { nodeCrypto } from '../lazy-builtins';

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let used = POOL_SIZE;
let urandomFailed = false;

function refill(): void {
  if (!urandomFailed) {
    try {
      const fd = openSync('/dev/urandom', 'r');
      try {
        let n = 0;
        while (n < POOL_SIZE) {
          const got = readSync(fd, pool, n, POOL_SIZE - n, null);
          if (got <= 0) throw new Error('short read from /dev/urandom');
          n += got;
        }
      } finally {
        closeSync(fd);
      }
      used = 0;
      return;
    } catch {
      urandomFailed = true; // no /dev/urandom here (not Linux or sandboxed): use node:crypto from now on
    }
  }
  nodeCrypto().randomFillSync(pool);
  used = 0;
}

/** `n` secure random bytes (a fresh buffer). */
export function secureRandomBytes(n: number): Buffer {
  const out = Buffer.alloc(n);
  let off = 0;
  while (off < n) {
    if (used === POOL_SIZE) refill();
    const take = Math.min(n - off, POOL_SIZE - used);
    pool.copy(out, off, used, used + take);
    pool.fill(0, used, used + take);
    used += take;
    off += take;
  }
  return out;
}

function random48(): number {
  if (POOL_SIZE - used < 6) refill();
  const v = pool.readUIntBE(used, 6);
  pool.fill(0, used, used + 6);
  used += 6;
  return v;
}

const RANGE_48 = 2 ** 48;

/** A uniform secure random integer in [0, max) for 0 < max ≤ 2^48 (rejection sampling, no modulo bias). */
export function secureRandomInt(max: number): number {
  if (!Number.isSafeInteger(max) || max <= 0 || max > RANGE_48)
    throw new RangeError(`secureRandomInt: bad bound ${max}`);
  const limit = RANGE_48 - (RANGE_48 % max);
  for (;;) {
    const x = random48();
    if (x < limit) return x % max;
  }
}
