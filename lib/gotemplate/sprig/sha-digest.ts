/**
 * Hex digests of UTF-8 strings for Sprig's sha1sum/sha256sum/sha512sum. SHA-1 and SHA-256 are
 * computed here (FIPS 180-4) because charts call sha256sum on every render (checksum
 * annotations) and loading node:crypto costs more than hashing a few kilobytes in a short-lived
 * `marina template` process; once a process has hashed a few MB it is long-lived and sha256sum
 * switches to node:crypto. SHA-512 always uses node:crypto, loaded on first use.
 */
import { nodeCrypto } from '@marina/go-runtime';

const K256 = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/**
 * Feeds the UTF-8 bytes of `s` to `block` as whole 64-byte blocks (FIPS 180-4 padding: 0x80, zeros,
 * the big-endian bit length). The message's own whole blocks are read where they are; only its
 * last partial block and the padding are copied (into 64 or 128 bytes), not the whole message.
 */
function eachBlock(s: string, block: (bytes: Uint8Array, off: number) => void): void {
  const msg = Buffer.from(s, 'utf8');
  const whole = msg.length - (msg.length % 64);
  for (let off = 0; off < whole; off += 64) block(msg, off);
  const rest = msg.length - whole;
  const tail = new Uint8Array(rest + 9 > 64 ? 128 : 64);
  tail.set(msg.subarray(whole));
  tail[rest] = 0x80;
  const view = new DataView(tail.buffer);
  const bits = msg.length * 8;
  view.setUint32(tail.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(tail.length - 4, bits >>> 0);
  for (let off = 0; off < tail.length; off += 64) block(tail, off);
}

/** The big-endian 32-bit word at `i`. */
function word(m: Uint8Array, i: number): number {
  return (m[i] << 24) | (m[i + 1] << 16) | (m[i + 2] << 8) | m[i + 3];
}

function hex(words: Int32Array): string {
  let out = '';
  for (let i = 0; i < words.length; i++) out += (words[i] >>> 0).toString(16).padStart(8, '0');
  return out;
}

/** Bytes hashed in JS so far; past {@link NATIVE_AFTER} the process is long-lived enough for node:crypto. */
let hashedInJs = 0;
const NATIVE_AFTER = 4 << 20;

/** SHA-256 of the UTF-8 bytes of `s`, lower-case hex. */
export function sha256Hex(s: string): string {
  if (hashedInJs > NATIVE_AFTER) return nodeCrypto().createHash('sha256').update(s, 'utf8').digest('hex');
  hashedInJs += s.length;
  const h = new Int32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Int32Array(64);
  eachBlock(s, (m, off) => {
    for (let t = 0; t < 16; t++) w[t] = word(m, off + t * 4);
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15];
      const y = w[t - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    let a = h[0],
      b = h[1],
      c = h[2],
      d = h[3],
      e = h[4],
      f = h[5],
      g = h[6],
      hh = h[7];
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + K256[t] + w[t]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  });
  return hex(h);
}

/** SHA-1 of the UTF-8 bytes of `s`, lower-case hex. */
export function sha1Hex(s: string): string {
  const h = new Int32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
  const w = new Int32Array(80);
  eachBlock(s, (m, off) => {
    for (let t = 0; t < 16; t++) w[t] = word(m, off + t * 4);
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
      w[t] = (x << 1) | (x >>> 31);
    }
    let [a, b, c, d, e] = h;
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const tmp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = tmp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  });
  return hex(h);
}

/** SHA-512 of the UTF-8 bytes of `s`, lower-case hex (node:crypto). */
export function sha512Hex(s: string): string {
  return nodeCrypto().createHash('sha512').update(s, 'utf8').digest('hex');
}
