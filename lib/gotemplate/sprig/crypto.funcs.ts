/**
 * Sprig crypto functions with node:crypto: bcrypt, htpasswd, genPrivateKey, derivePassword
 * (Master Password algorithm), encryptAES/decryptAES, randBytes, and certificate generation
 * (genCA, genCAWithKey, genSelfSignedCert(WithKey), genSignedCert(WithKey), buildCustomCert).
 */
import type { KeyObject } from 'node:crypto';
import { GoFuncError } from '../errors';
import {
  children,
  createCertificate,
  goFunc,
  GoStruct,
  integer,
  issuerInfo,
  KeyUsage,
  nodeCrypto,
  nodeNet,
  pemDecode,
  pemEncode,
  readDer,
  registerStruct,
  secureRandomBytes,
  seq,
  toBigInt,
  type CertTemplate,
  type GoStructClass,
  type GoValue,
} from '@marina/go-runtime';
import { BcryptError, bcryptHash } from './bcrypt';

/** Sprig's `certificate` struct: `.Cert` and `.Key` PEM strings. */
export class SprigCertificate extends GoStruct {
  static override goTypeName = 'sprig.certificate';
  constructor(
    public Cert: string,
    public Key: string,
  ) {
    super();
  }
  override goIsPointer(): boolean {
    return false;
  }
}
registerStruct(SprigCertificate as unknown as GoStructClass);

// ---- derivePassword -----------------------------------------------------------------------------
const TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const CHARS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};
const SEED = 'com.lyndir.masterpassword';

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function derivePassword(counter: GoValue, type: string, password: string, user: string, site: string): string {
  const templates = TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  const userB = Buffer.from(user, 'utf8');
  const siteB = Buffer.from(site, 'utf8');
  const salt = Buffer.concat([Buffer.from(SEED), u32(userB.length), userB]);
  const key = nodeCrypto().scryptSync(Buffer.from(password, 'utf8'), salt, 64, {
    N: 32768,
    r: 8,
    p: 2,
    maxmem: 128 * 1024 * 1024,
  });
  const c = Number((counter as { value?: bigint }).value ?? counter);
  const seed = nodeCrypto()
    .createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(SEED), u32(siteB.length), siteB, u32(c)]))
    .digest();
  const temp = templates[seed[0] % templates.length];
  let out = '';
  for (let i = 0; i < temp.length; i++) {
    const set = CHARS[temp[i]];
    out += set[seed[i + 1] % set.length];
  }
  return out;
}

// ---- AES ------------------------------------------------------------------------------------------
function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(key, 0, 0, 32);
  return key;
}

function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const content = Buffer.from(plaintext, 'utf8');
  const padding = 16 - (content.length % 16);
  const padded = Buffer.concat([content, Buffer.alloc(padding, padding)]);
  const iv = secureRandomBytes(16);
  const cipher = nodeCrypto().createCipheriv('aes-256-cbc', aesKey(password), iv).setAutoPadding(false);
  return Buffer.concat([iv, cipher.update(padded), cipher.final()]).toString('base64');
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const crypt = Buffer.from(crypt64, 'base64');
  if (crypt.length < 16 || (crypt.length - 16) % 16 !== 0)
    throw new GoFuncError('crypto/cipher: input not full blocks');
  const decipher = nodeCrypto()
    .createDecipheriv('aes-256-cbc', aesKey(password), crypt.subarray(0, 16))
    .setAutoPadding(false);
  const out = Buffer.concat([decipher.update(crypt.subarray(16)), decipher.final()]);
  const pad = out.length ? out[out.length - 1] : 0;
  if (pad > out.length) throw new GoFuncError(`runtime error: slice bounds out of range [:${out.length - pad}]`);
  return out.subarray(0, out.length - pad).toString('utf8');
}

// ---- keys -------------------------------------------------------------------------------------------
/** pemBlockForKey: RSA → PKCS#1, EC → SEC1, DSA → OpenSSL DSA format, others → PKCS#8. */
export function privateKeyPEM(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return key.export({ type: 'pkcs1', format: 'pem' }) as string;
    case 'ec':
      return key.export({ type: 'sec1', format: 'pem' }) as string;
    case 'dsa':
      return pemEncode('DSA PRIVATE KEY', dsaKeyFormat(key));
    default:
      return key.export({ type: 'pkcs8', format: 'pem' }) as string;
  }
}

/** DSAKeyFormat{Version, P, Q, G, Y, X} from a DSA key's PKCS#8 form. */
function dsaKeyFormat(key: KeyObject): Buffer {
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  const top = children(readDer(pkcs8));
  const params = children(children(top[1])[1]).map((e) => toBigInt(e.content));
  const x = toBigInt(readDer(top[2].content).content);
  const [p, q, g] = params;
  let y = 1n;
  for (let b = g % p, e = x; e > 0n; e >>= 1n, b = (b * b) % p) if (e & 1n) y = (y * b) % p;
  return seq(integer(0n), integer(p), integer(q), integer(g), integer(y), integer(x));
}

function generatePrivateKey(type: string): string {
  switch (type) {
    case '':
    case 'rsa':
      return privateKeyPEM(nodeCrypto().generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey);
    case 'dsa':
      return privateKeyPEM(
        nodeCrypto().generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey,
      );
    case 'ecdsa':
      return privateKeyPEM(nodeCrypto().generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    case 'ed25519':
      return privateKeyPEM(nodeCrypto().generateKeyPairSync('ed25519').privateKey);
    default:
      return 'Unknown type ' + type;
  }
}

/** Sprig's parsePrivateKeyPEM. */
function parsePrivateKeyPEM(pem: string): KeyObject {
  const block = pemDecode(pem);
  if (!block) throw new GoFuncError('no PEM data in input');
  if (block.type !== 'PRIVATE KEY' && !block.type.endsWith(' PRIVATE KEY')) {
    throw new GoFuncError(`no private key data in PEM block of type ${block.type}`);
  }
  const kind = block.type.slice(0, -' PRIVATE KEY'.length);
  if (block.type !== 'PRIVATE KEY' && !['RSA', 'EC', 'DSA'].includes(kind)) {
    throw new GoFuncError(`invalid private key type ${block.type}`);
  }
  try {
    return nodeCrypto().createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new GoFuncError(
      `${block.type === 'PRIVATE KEY' ? 'decoding PEM as PKCS#8' : 'parsing private key'}: ${(e as Error).message}`,
    );
  }
}

// ---- certificates -------------------------------------------------------------------------------
function strList(v: GoValue, what: string): string[] {
  if (v === null || v === undefined) return [];
  const arr = Array.isArray(v) ? v : [];
  return arr.map((x) => {
    if (typeof x !== 'string') throw new GoFuncError(`${what}: ${String(x)} is not a string`);
    return x;
  });
}

/** Sprig's getBaseCertTemplate: random 128-bit serial, valid from now for `days`, server+client auth. */
function template(cn: string, ips: GoValue, dns: GoValue, days: bigint, isCA: boolean): CertTemplate {
  const ipList = strList(ips, 'error parsing ip');
  for (const ip of ipList) if (!nodeNet().isIP(ip)) throw new GoFuncError(`error parsing ip: ${ip}`);
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
  return {
    serialNumber: BigInt('0x' + secureRandomBytes(16).toString('hex')),
    subject: { commonName: cn },
    notBefore,
    notAfter: new Date(notBefore.getTime() + Number(days) * 86400000),
    keyUsage: KeyUsage.KeyEncipherment | KeyUsage.DigitalSignature | (isCA ? KeyUsage.CertSign : 0),
    extKeyUsage: ['serverAuth', 'clientAuth'],
    isCA,
    dnsNames: strList(dns, 'error processing alternate dns name'),
    ipAddresses: ipList,
  };
}

function certFor(t: CertTemplate, key: KeyObject, ca: SprigCertificate | null): SprigCertificate {
  let issuer = null;
  if (ca) {
    const block = pemDecode(ca.Cert);
    if (!block) throw new GoFuncError('unable to decode certificate');
    issuer = { ...issuerInfo(block.der), key: parsePrivateKeyPEM(ca.Key) };
  }
  let der: Buffer;
  try {
    der = createCertificate(t, key, issuer);
  } catch (e) {
    throw new GoFuncError(`error creating certificate: ${(e as Error).message}`);
  }
  return new SprigCertificate(pemEncode('CERTIFICATE', der), privateKeyPEM(key));
}

const rsa2048 = (): KeyObject => nodeCrypto().generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const keyFromPEM = (pem: string): KeyObject => {
  try {
    return parsePrivateKeyPEM(pem);
  } catch (e) {
    throw new GoFuncError(`parsing private key: ${(e as Error).message}`);
  }
};

function buildCustomCert(b64cert: string, b64key: string): SprigCertificate {
  const cert = Buffer.from(b64cert, 'base64').toString('utf8');
  const key = Buffer.from(b64key, 'base64').toString('utf8');
  if (!/^[A-Za-z0-9+/=\s]*$/.test(b64cert)) throw new GoFuncError('unable to decode base64 certificate');
  if (!/^[A-Za-z0-9+/=\s]*$/.test(b64key)) throw new GoFuncError('unable to decode base64 private key');
  const block = pemDecode(cert);
  if (!block) throw new GoFuncError('unable to decode certificate');
  try {
    issuerInfo(block.der);
  } catch (e) {
    throw new GoFuncError(`error parsing certificate: decodedCert.Bytes: ${(e as Error).message}`);
  }
  parsePrivateKeyPEM(key);
  return new SprigCertificate(cert, key);
}

const CERT = 'sprig.certificate';
const LIST = '[]interface {}';

export const cryptoFuncs = {
  bcrypt: goFunc('func(string) string', (s: string) => {
    try {
      return bcryptHash(s, 10);
    } catch (e) {
      if (e instanceof BcryptError) return `failed to encrypt string with bcrypt: ${e.message}`;
      throw e;
    }
  }),
  htpasswd: goFunc('func(string, string) string', (user: string, pass: string) => {
    if (user.includes(':')) return `invalid username: ${user}`;
    try {
      return `${user}:${bcryptHash(pass, 10)}`;
    } catch (e) {
      return `failed to create htpasswd: ${(e as Error).message}`;
    }
  }),
  genPrivateKey: goFunc('func(string) string', generatePrivateKey),
  derivePassword: goFunc('func(uint32, string, string, string, string) string', derivePassword),
  encryptAES: goFunc('func(string, string) (string, error)', encryptAES),
  decryptAES: goFunc('func(string, string) (string, error)', decryptAES),
  randBytes: goFunc('func(int) (string, error)', (n: bigint) => secureRandomBytes(Number(n)).toString('base64')),
  buildCustomCert: goFunc(`func(string, string) (${CERT}, error)`, buildCustomCert),
  genCA: goFunc(`func(string, int) (${CERT}, error)`, (cn: string, days: bigint) =>
    certFor(template(cn, null, null, days, true), rsa2048(), null),
  ),
  genCAWithKey: goFunc(`func(string, int, string) (${CERT}, error)`, (cn: string, days: bigint, pem: string) =>
    certFor(template(cn, null, null, days, true), keyFromPEM(pem), null),
  ),
  genSelfSignedCert: goFunc(
    `func(string, ${LIST}, ${LIST}, int) (${CERT}, error)`,
    (cn: string, ips: GoValue, dns: GoValue, days: bigint) =>
      certFor(template(cn, ips, dns, days, false), rsa2048(), null),
  ),
  genSelfSignedCertWithKey: goFunc(
    `func(string, ${LIST}, ${LIST}, int, string) (${CERT}, error)`,
    (cn: string, ips: GoValue, dns: GoValue, days: bigint, pem: string) =>
      certFor(template(cn, ips, dns, days, false), keyFromPEM(pem), null),
  ),
  genSignedCert: goFunc(
    `func(string, ${LIST}, ${LIST}, int, ${CERT}) (${CERT}, error)`,
    (cn: string, ips: GoValue, dns: GoValue, days: bigint, ca: SprigCertificate) =>
      certFor(template(cn, ips, dns, days, false), rsa2048(), ca),
  ),
  genSignedCertWithKey: goFunc(
    `func(string, ${LIST}, ${LIST}, int, ${CERT}, string) (${CERT}, error)`,
    (cn: string, ips: GoValue, dns: GoValue, days: bigint, ca: SprigCertificate, pem: string) =>
      certFor(template(cn, ips, dns, days, false), keyFromPEM(pem), ca),
  ),
};
