/**
 * bcrypt ($2a$, as golang.org/x/crypto/bcrypt produces it) on Blowfish. The Blowfish initial
 * P-array and S-boxes are the hexadecimal digits of π; they are computed once (Machin's formula
 * with BigInt) instead of being embedded as tables.
 */
import { randomBytes } from 'node:crypto';

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

  constructor() {
    const pi = piFraction();
    this.p = pi.slice(0, 18);
    this.s = pi.slice(18);
  }

  private f(x: number): number {
    const s = this.s;
    return ((((s[x >>> 24] + s[256 + ((x >>> 16) & 0xff)]) >>> 0) ^ s[512 + ((x >>> 8) & 0xff)]) + s[768 + (x & 0xff)]) >>> 0;
  }

  encrypt(l0: number, r0: number): [number, number] {
    const p = this.p;
    let l = (l0 ^ p[0]) >>> 0;
    let r = r0;
    for (let i = 1; i < 16; i += 2) {
      r = (r ^ this.f(l) ^ p[i]) >>> 0;
      l = (l ^ this.f(r) ^ p[i + 1]) >>> 0;
    }
    r = (r ^ p[17]) >>> 0;
    return [r, l];
  }

  /** Blowfish key schedule, optionally mixing in a salt (eksblowfish). */
  expand(key: Uint8Array, salt: Uint8Array | null): void {
    let j = 0;
    const next = (buf: Uint8Array, pos: { j: number }): number => {
      let w = 0;
      for (let k = 0; k < 4; k++) {
        w = ((w << 8) | buf[pos.j]) >>> 0;
        pos.j = (pos.j + 1) % buf.length;
      }
      return w;
    };
    const kp = { j };
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i] ^ next(key, kp)) >>> 0;
    j = 0;
    const sp = { j };
    let l = 0;
    let r = 0;
    const step = (): void => {
      if (salt) {
        l = (l ^ next(salt, sp)) >>> 0;
        r = (r ^ next(salt, sp)) >>> 0;
      }
      [l, r] = this.encrypt(l, r);
    };
    for (let i = 0; i < 18; i += 2) {
      step();
      this.p[i] = l;
      this.p[i + 1] = r;
    }
    for (let i = 0; i < 1024; i += 2) {
      step();
      this.s[i] = l;
      this.s[i + 1] = r;
    }
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
  if (cost < 4 || cost > 31) throw new BcryptError(`crypto/bcrypt: cost ${cost} is outside allowed inclusive range 4..31`);
  const saltStr = salt22 ?? bcryptBase64(randomBytes(16));
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
    for (let j = 0; j < 64; j++) [words[i], words[i + 1]] = bf.encrypt(words[i], words[i + 1]);
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
