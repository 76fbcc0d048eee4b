/**
 * bcrypt ($2a$, as golang.org/x/crypto/bcrypt produces it) on Blowfish. The Blowfish initial
 * P-array and S-boxes are the hexadecimal digits of π; they are computed once (Machin's formula
 * with BigInt) instead of being embedded as tables.
 */
import { secureRandomBytes } from '@marina/go-runtime';

const WORDS = 18 + 4 * 256;
let piWords: Uint32Array | null = null;

/** The first `WORDS` 32-bit words of the fractional part of π in hex (0x243F6A88, …). */
function piFraction(): Uint32Array {
  if (piWords) return piWords;
  const bits = BigInt(WORDS * 32 + 64);
  const one = 1n << bits;
  const atanInv = (x: bigint): bigint => {
    const x2 = x * x;
    let term = one / x;
    let sum = term;
    for (let k = 1n; term !== 0n; k++) {
      term /= x2;
      const t = term / (2n * k + 1n);
      sum += k % 2n === 1n ? -t : t;
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  const frac = (pi - 3n * one) >> 64n;
  const out = new Uint32Array(WORDS);
  for (let i = 0; i < WORDS; i++) {
    out[i] = Number((frac >> BigInt((WORDS - 1 - i) * 32)) & 0xffffffffn);
  }
  piWords = out;
  return out;
}

class Blowfish {
  readonly p: Uint32Array;
  readonly s: Uint32Array; // 4 × 256
  /** Block halves after {@link encrypt} (avoids allocating a pair per block). */
  l = 0;
  r = 0;

  constructor() {
    const pi = piFraction();
    this.p = pi.slice(0, 18);
    this.s = pi.slice(18);
  }

  /** Encrypts (l, r) in place into this.l / this.r. */
  encrypt(l0: number, r0: number): void {
    const p = this.p;
    const s = this.s;
    let l = (l0 ^ p[0]) >>> 0;
    let r = r0;
    for (let i = 1; i < 16; i += 2) {
      r =
        (r ^
          ((((s[l >>> 24] + s[256 + ((l >>> 16) & 0xff)]) ^ s[512 + ((l >>> 8) & 0xff)]) + s[768 + (l & 0xff)]) >>> 0) ^
          p[i]) >>>
        0;
      l =
        (l ^
          ((((s[r >>> 24] + s[256 + ((r >>> 16) & 0xff)]) ^ s[512 + ((r >>> 8) & 0xff)]) + s[768 + (r & 0xff)]) >>> 0) ^
          p[i + 1]) >>>
        0;
    }
    this.l = (r ^ p[17]) >>> 0;
    this.r = l;
  }

  /** Blowfish key schedule, optionally mixing in a salt (eksblowfish). */
  expand(key: Uint8Array, salt: Uint8Array | null): void {
    let kj = 0;
    const klen = key.length;
    for (let i = 0; i < 18; i++) {
      let w = 0;
      for (let k = 0; k < 4; k++) {
        w = ((w << 8) | key[kj]) >>> 0;
        kj = kj + 1 === klen ? 0 : kj + 1;
      }
      this.p[i] = (this.p[i] ^ w) >>> 0;
    }
    let sj = 0;
    const slen = salt ? salt.length : 0;
    const saltWord = (): number => {
      let w = 0;
      for (let k = 0; k < 4; k++) {
        w = ((w << 8) | salt![sj]) >>> 0;
        sj = sj + 1 === slen ? 0 : sj + 1;
      }
      return w;
    };
    let l = 0;
    let r = 0;
    // Re-encrypt the running block and store it pairwise: first over P, then over the S-boxes.
    const fill = (target: Uint32Array, count: number) => {
      for (let i = 0; i < count; i += 2) {
        if (salt) {
          l = (l ^ saltWord()) >>> 0;
          r = (r ^ saltWord()) >>> 0;
        }
        this.encrypt(l, r);
        l = this.l;
        r = this.r;
        target[i] = l;
        target[i + 1] = r;
      }
    };
    fill(this.p, 18);
    fill(this.s, 1024);
  }
}

const ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** bcrypt's base64 (its own alphabet, no padding). */
export function bcryptBase64(bytes: Uint8Array): string {
  const std = Buffer.from(bytes).toString('base64').replace(/=+$/, '');
  const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (const c of std) out += ALPHABET[STD.indexOf(c)];
  return out;
}

function bcryptBase64Decode(s: string): Uint8Array {
  const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let std = '';
  for (const c of s) {
    const i = ALPHABET.indexOf(c);
    if (i < 0) throw new Error('bcrypt: invalid salt encoding');
    std += STD[i];
  }
  return Buffer.from(std, 'base64');
}

/** Error for passwords or costs bcrypt refuses. */
export class BcryptError extends Error {
  readonly code = 'BCRYPT_ERROR';
}

/** bcrypt.GenerateFromPassword(password, cost) with an optional fixed 22-character salt (tests). */
export function bcryptHash(password: string | Uint8Array, cost = 10, salt22?: string): string {
  const pw = typeof password === 'string' ? Buffer.from(password, 'utf8') : Buffer.from(password);
  if (pw.length > 72) throw new BcryptError('bcrypt: password length exceeds 72 bytes');
  if (cost < 4 || cost > 31)
    throw new BcryptError(`crypto/bcrypt: cost ${cost} is outside allowed inclusive range 4..31`);
  const saltStr = salt22 ?? bcryptBase64(secureRandomBytes(16));
  const salt = bcryptBase64Decode(saltStr).subarray(0, 16);
  const key = Buffer.concat([pw, Buffer.from([0])]);
  const bf = new Blowfish();
  bf.expand(key, salt);
  const rounds = 2 ** cost;
  for (let i = 0; i < rounds; i++) {
    bf.expand(key, null);
    bf.expand(salt, null);
  }
  const text = Buffer.from('OrpheanBeholderScryDoubt', 'latin1');
  const words = new Uint32Array(6);
  for (let i = 0; i < 6; i++) words[i] = text.readUInt32BE(i * 4);
  for (let i = 0; i < 6; i += 2) {
    for (let j = 0; j < 64; j++) {
      bf.encrypt(words[i], words[i + 1]);
      words[i] = bf.l;
      words[i + 1] = bf.r;
    }
  }
  const out = Buffer.alloc(24);
  for (let i = 0; i < 6; i++) out.writeUInt32BE(words[i], i * 4);
  return `$2a$${String(cost).padStart(2, '0')}$${saltStr.slice(0, 22)}${bcryptBase64(out.subarray(0, 23))}`;
}

/** Verifies a password against a $2a$/$2b$/$2y$ hash. */
export function bcryptVerify(password: string, hash: string): boolean {
  const m = /^\$2[aby]\$(\d\d)\$([./A-Za-z0-9]{22})[./A-Za-z0-9]{31}$/.exec(hash);
  if (!m) return false;
  return bcryptHash(password, Number(m[1]), m[2]).slice(7) === hash.slice(7);
}
