/**
 * Sprig encoding, hashing, path, URL and network functions: b64enc/b64dec (strict Go
 * StdEncoding), b32enc/b32dec, sha1sum/sha256sum/sha512sum/adler32sum, path.* and
 * filepath.* (POSIX), urlParse/urlJoin, uuidv4, getHostByName.
 */
import { sha1Hex, sha256Hex, sha512Hex } from './sha-digest';
import { goFunc, mapGet, newGoMap, secureRandomBytes, type GoMapObject, type GoValue } from '@marina/go-runtime';
import { GoFuncError } from '../errors';
import { asMap, strval } from './sprig-conv';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** base64.StdEncoding.DecodeString; returns the error text on failure (as Sprig does). */
function b64dec(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (c === '=') {
      const rest = clean.slice(i);
      if (
        !/^={1,2}$/.test(rest) ||
        clean.length % 4 !== 0 ||
        (rest.length === 2 && i % 4 !== 2) ||
        (rest.length === 1 && i % 4 !== 3)
      ) {
        return `illegal base64 data at input byte ${i}`;
      }
      break;
    }
    if (!B64.includes(c)) return `illegal base64 data at input byte ${i}`;
  }
  if (clean.length % 4 !== 0) return `illegal base64 data at input byte ${clean.length - (clean.length % 4)}`;
  return Buffer.from(clean, 'base64').toString('utf8');
}

function b32enc(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

function b32dec(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 8 !== 0) return `illegal base32 data at input byte ${clean.length - (clean.length % 8)}`;
  const body = clean.replace(/=+$/, '');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (let i = 0; i < body.length; i++) {
    const idx = B32.indexOf(body[i]);
    if (idx < 0) return `illegal base32 data at input byte ${i}`;
    value = ((value << 5) | idx) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function adler32(s: string): string {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return String(((b << 16) | a) >>> 0);
}

/** path.Clean. */
export function pathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p[0] === '/';
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else {
      out.push(part);
    }
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

function pathBase(p: string): string {
  if (p === '') return '.';
  const s = p.replace(/\/+$/, '');
  if (s === '') return '/';
  const i = s.lastIndexOf('/');
  return i >= 0 ? s.slice(i + 1) : s;
}

function pathDir(p: string): string {
  const i = p.lastIndexOf('/');
  return pathClean(p.slice(0, i + 1));
}

function pathExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

interface ParsedURL {
  scheme: string;
  opaque: string;
  userinfo: string | null;
  host: string;
  path: string;
  query: string;
  fragment: string;
}

function pctDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new GoFuncError(`unable to parse url: invalid URL escape ${JSON.stringify(s)}`);
  }
}

/** url.Parse (RFC 3986 subset as Go implements it). */
function parseURL(raw: string): ParsedURL {
  const u: ParsedURL = { scheme: '', opaque: '', userinfo: null, host: '', path: '', query: '', fragment: '' };
  let rest = raw;
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) {
    u.fragment = pctDecode(rest.slice(hashAt + 1));
    rest = rest.slice(0, hashAt);
  }
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (m) {
    u.scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  }
  const q = rest.indexOf('?');
  if (q >= 0) {
    u.query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (u.scheme && !rest.startsWith('/')) {
    u.opaque = rest;
    return u;
  }
  if (rest.startsWith('//')) {
    rest = rest.slice(2);
    const slash = rest.indexOf('/');
    let authority = slash >= 0 ? rest.slice(0, slash) : rest;
    rest = slash >= 0 ? rest.slice(slash) : '';
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      u.userinfo = authority.slice(0, at);
      authority = authority.slice(at + 1);
    }
    u.host = authority;
  }
  u.path = pctDecode(rest);
  return u;
}

function urlParse(v: string): GoMapObject {
  const u = parseURL(v);
  const d = newGoMap();
  const hostname = u.host.startsWith('[') ? u.host.slice(1, u.host.indexOf(']')) : u.host.replace(/:\d*$/, '');
  Object.assign(d, {
    scheme: u.scheme,
    host: u.host,
    hostname,
    path: u.path,
    query: u.query,
    opaque: u.opaque,
    fragment: u.fragment,
    userinfo: u.userinfo ?? '',
  });
  return d;
}

function escapePath(p: string): string {
  return p.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) => encodeURIComponent(c));
}

function urlJoin(d: GoValue): string {
  const m = asMap(d);
  const get = (k: string): string => {
    const v = mapGet(m, k);
    return v === undefined || v === null ? '' : strval(v);
  };
  const scheme = get('scheme');
  const host = get('host');
  const path = get('path');
  const userinfo = get('userinfo');
  let out = scheme ? scheme + ':' : '';
  const opaque = get('opaque');
  if (opaque) {
    out += opaque;
  } else {
    if (scheme || host || userinfo) {
      if (host || path || userinfo) out += '//';
      if (userinfo) out += userinfo + '@';
      out += host;
    }
    if (path && path[0] !== '/' && host) out += '/';
    out += escapePath(path);
  }
  const query = get('query');
  if (query) out += '?' + query;
  const fragment = get('fragment');
  if (fragment) out += '#' + escapePath(fragment).replace(/\?/g, '%3F');
  return out;
}

function getHostByName(name: string): string {
  const script =
    'require("dns").lookup(process.argv[1],{all:true},(e,a)=>{process.stdout.write(JSON.stringify(e?[]:a.map(x=>x.address)))})';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy built-in (CLI start-up)
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const r = spawnSync(process.execPath, ['-e', script, name], { encoding: 'utf8', timeout: 10000 });
  const addrs = r.status === 0 ? (JSON.parse(r.stdout || '[]') as string[]) : [];
  if (addrs.length === 0) throw new GoFuncError('invalid argument to Intn');
  return addrs[Math.floor(Math.random() * addrs.length)];
}

/** A random (version 4, RFC 4122 variant) UUID, as github.com/google/uuid's NewRandom prints it. */
function uuidV4(): string {
  const b = secureRandomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const encodingFuncs = {
  b64enc: goFunc('func(string) string', (s: string) => Buffer.from(s, 'utf8').toString('base64')),
  b64dec: goFunc('func(string) string', b64dec),
  b32enc: goFunc('func(string) string', b32enc),
  b32dec: goFunc('func(string) string', b32dec),
  sha1sum: goFunc('func(string) string', sha1Hex),
  sha256sum: goFunc('func(string) string', sha256Hex),
  sha512sum: goFunc('func(string) string', sha512Hex),
  adler32sum: goFunc('func(string) string', adler32),
  base: goFunc('func(string) string', pathBase),
  dir: goFunc('func(string) string', pathDir),
  clean: goFunc('func(string) string', pathClean),
  ext: goFunc('func(string) string', pathExt),
  isAbs: goFunc('func(string) bool', (p: string) => p.startsWith('/')),
  osBase: goFunc('func(string) string', pathBase),
  osDir: goFunc('func(string) string', pathDir),
  osClean: goFunc('func(string) string', pathClean),
  osExt: goFunc('func(string) string', pathExt),
  osIsAbs: goFunc('func(string) bool', (p: string) => p.startsWith('/')),
  urlParse: goFunc('func(string) map[string]interface {}', urlParse),
  urlJoin: goFunc('func(map[string]interface {}) string', urlJoin),
  uuidv4: goFunc('func() string', uuidV4),
  getHostByName: goFunc('func(string) string', getHostByName),
};
