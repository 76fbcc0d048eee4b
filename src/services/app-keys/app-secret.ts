/**
 * AppKey / AppSecret material (PRODUCT.md H8): a public key naming the instance, a random secret
 * shown once, its salted scrypt hash for verification (compared in constant time) and the aad
 * binding the sealed copy the worker writes into the workload's Secret to its instance row.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt cost. AppSecrets are 256 random bits, not passwords: no guessing attack gains from a
 * slow hash, so the cost is kept low (≈7 ms on the libuv pool) to stay off the deploy path's
 * latency (bench/app-key.bench.ts). The cost is recorded in each hash, so it can be raised later.
 */
const COST: ScryptOptions = { N: 1024, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_BYTES = 32;

function scrypt(secret: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(secret, salt, KEY_BYTES, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** A new AppKey: "ak_" and 24 hex characters. */
export function newAppKey(): string {
  return `ak_${randomBytes(12).toString('hex')}`;
}

/** A new AppSecret: 32 random bytes, base64url. */
export function newAppSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** `scrypt$N$r$p$salt$hash` of the secret with a fresh salt. */
export async function hashAppSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** A hash of nothing, checked when no key matched so that a miss costs what a hit costs. */
const DECOY = hashAppSecret('decoy');

/**
 * True when `secret` matches `stored` (a hashAppSecret result). With `stored` null the decoy is
 * checked instead and the answer is false, in about the same time.
 */
export async function verifyAppSecret(secret: string, stored: string | null): Promise<boolean> {
  const encoded = stored ?? (await DECOY);
  const [scheme, n, r, p, salt, hash] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(secret, Buffer.from(salt, 'base64url'), {
    ...COST,
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected) && stored !== null;
}

/** The aad binding an instance's sealed AppSecret to its row. */
export function appSecretAad(instanceId: string): string {
  return `instance_app_secret:${instanceId}`;
}

/** The Secret the worker writes into the workload namespace: `<instance name>-appkey`. */
export function appKeySecretName(instanceName: string): string {
  return `${instanceName}-appkey`;
}
