/**
 * Cost of per-instance identity on the deploy path and on verification: issuing a pair
 * (key, secret, salted scrypt hash) and verifying a presented pair, hit and miss (a miss checks a
 * decoy hash, so both should cost about the same). Run: `npm run bench -- app-key`.
 */
import { hashAppSecret, newAppSecret, verifyAppSecret } from '../src/services/app-keys/app-secret';

async function timed(label: string, runs: number, fn: () => Promise<unknown>): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(2);
  console.log(`${label.padEnd(28)} p50 ${p(0.5)} ms  p95 ${p(0.95)} ms  (${runs} runs)`);
}

async function main(): Promise<void> {
  const secret = newAppSecret();
  const hash = await hashAppSecret(secret);
  await timed('issue (hash a new secret)', 50, () => hashAppSecret(newAppSecret()));
  await timed('verify hit', 50, () => verifyAppSecret(secret, hash));
  await timed('verify wrong secret', 50, () => verifyAppSecret(`${secret}x`, hash));
  await timed('verify unknown key (decoy)', 50, () => verifyAppSecret(secret, null));
}

void main();
