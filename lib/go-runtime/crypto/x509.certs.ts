/**
 * Go's x509.CreateCertificate for the template fields the emulations use (Sprig's genCA /
 * genSelfSignedCert / genSignedCert, the Kubernetes sandbox's CA and serving certificate): v3,
 * the caller's serial and validity, a subject of common name and organisations, key usage,
 * extended key usage, basic constraints, SKID for CAs (SHA-1 of the key), AKID from the issuer's
 * SKID, DNS/IP subject alternative names (critical when the subject is empty), in Go's extension
 * order. Keys and signatures come from node:crypto. The one X.509 builder of the project.
 */
import type { KeyObject } from 'node:crypto';
import {
  bitString,
  bool,
  children,
  explicit,
  integer,
  nullDer,
  octets,
  oid,
  oidText,
  readDer,
  seq,
  set,
  time,
  tlv,
  utf8,
} from './der';
import { nodeCrypto, nodeNet } from '../lazy-builtins';

/** x509.KeyUsage bits. */
export const KeyUsage = {
  DigitalSignature: 1,
  ContentCommitment: 2,
  KeyEncipherment: 4,
  DataEncipherment: 8,
  KeyAgreement: 16,
  CertSign: 32,
  CRLSign: 64,
} as const;

/** The x509.ExtKeyUsage values supported, with their OIDs. */
const EXT_KEY_USAGE_OIDS = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2' } as const;
export type ExtKeyUsage = keyof typeof EXT_KEY_USAGE_OIDS;

/** The fields of an x509.Certificate template that {@link createCertificate} honours. */
export interface CertTemplate {
  readonly serialNumber: bigint;
  readonly subject: { readonly commonName: string; readonly organization?: readonly string[] };
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Sum of {@link KeyUsage} bits; 0 omits the extension. */
  readonly keyUsage: number;
  readonly extKeyUsage: readonly ExtKeyUsage[];
  readonly isCA: boolean;
  readonly dnsNames: readonly string[];
  /** IPv4 or IPv6 addresses. */
  readonly ipAddresses: readonly string[];
}

/** The parts of an issuing certificate that a child certificate needs. */
export interface Issuer {
  subjectDer: Buffer;
  subjectKeyId: Buffer | null;
  key: KeyObject;
}

function reverseBits(b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) if (b & (1 << i)) r |= 1 << (7 - i);
  return r;
}

function keyUsageExt(ku: number): Buffer {
  const a = [reverseBits(ku & 0xff), reverseBits((ku >> 8) & 0xff)];
  const bytes = a[1] !== 0 ? a : [a[0]];
  let bitLen = bytes.length * 8;
  for (let i = bytes.length - 1; i >= 0 && bitLen > 0; i--) {
    let tz = 0;
    if (bytes[i] === 0) {
      bitLen -= 8;
      continue;
    }
    while (!(bytes[i] & (1 << tz))) tz++;
    bitLen -= tz;
    break;
  }
  return extension('2.5.29.15', true, bitString(Buffer.from(bytes), bytes.length * 8 - bitLen));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

/** A pkix.Name attribute value: PrintableString when possible, else UTF8String, as Go marshals it. */
function nameValue(text: string): Buffer {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text) ? tlv(0x13, Buffer.from(text, 'ascii')) : utf8(text);
}

/** pkix.Name.ToRDNSequence for organisations and a common name, in Go's order (O before CN). */
export function nameDer(subject: CertTemplate['subject']): Buffer {
  const rdns = (subject.organization ?? []).map((o) => set(seq(oid('2.5.4.10'), nameValue(o))));
  if (subject.commonName !== '') rdns.push(set(seq(oid('2.5.4.3'), nameValue(subject.commonName))));
  return seq(...rdns);
}

function sanExt(dns: readonly string[], ips: readonly string[], critical: boolean): Buffer {
  const names = [...dns.map((d) => tlv(0x82, Buffer.from(d, 'ascii'))), ...ips.map((ip) => tlv(0x87, ipBytes(ip)))];
  return extension('2.5.29.17', critical, seq(...names));
}

function ipBytes(ip: string): Buffer {
  if (nodeNet().isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function signatureAlgorithm(key: KeyObject): { algId: Buffer; hash: string | null } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { algId: seq(oid('1.2.840.113549.1.1.11'), nullDer()), hash: 'sha256' };
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'secp384r1') return { algId: seq(oid('1.2.840.10045.4.3.3')), hash: 'sha384' };
      if (curve === 'secp521r1') return { algId: seq(oid('1.2.840.10045.4.3.4')), hash: 'sha512' };
      return { algId: seq(oid('1.2.840.10045.4.3.2')), hash: 'sha256' };
    }
    case 'ed25519':
      return { algId: seq(oid('1.3.101.112')), hash: null };
    default:
      throw new Error('x509: only RSA, ECDSA and Ed25519 keys supported');
  }
}

/** Go's buildCertExtensions, in its order. */
function extensions(
  t: CertTemplate,
  spkiBits: Buffer,
  subject: Buffer,
  issuerName: Buffer,
  issuer: Issuer | null,
): Buffer[] {
  const exts: Buffer[] = [];
  if (t.keyUsage !== 0) exts.push(keyUsageExt(t.keyUsage));
  if (t.extKeyUsage.length > 0)
    exts.push(extension('2.5.29.37', false, seq(...t.extKeyUsage.map((u) => oid(EXT_KEY_USAGE_OIDS[u])))));
  exts.push(extension('2.5.29.19', true, t.isCA ? seq(bool(true)) : seq()));
  if (t.isCA)
    exts.push(extension('2.5.29.14', false, octets(nodeCrypto().createHash('sha1').update(spkiBits).digest())));
  if (issuer && issuer.subjectKeyId && !issuerName.equals(subject)) {
    exts.push(extension('2.5.29.35', false, seq(tlv(0x80, issuer.subjectKeyId))));
  }
  if (t.dnsNames.length > 0 || t.ipAddresses.length > 0)
    exts.push(sanExt(t.dnsNames, t.ipAddresses, subject.length === 2));
  return exts;
}

/**
 * x509.CreateCertificate(template, parent, subjectKey's public key, signer) and returns DER:
 * self-signed by `subjectKey` when `issuer` is null. Throws when the signer's key type is not
 * RSA, ECDSA or Ed25519.
 */
export function createCertificate(t: CertTemplate, subjectKey: KeyObject, issuer: Issuer | null): Buffer {
  const spki = nodeCrypto().createPublicKey(subjectKey).export({ type: 'spki', format: 'der' });
  const spkiBits = children(readDer(spki))[1].content.subarray(1);
  const subject = nameDer(t.subject);
  const issuerName = issuer ? issuer.subjectDer : subject;
  const signer = issuer ? issuer.key : subjectKey;
  const { algId, hash } = signatureAlgorithm(signer);
  const tbs = seq(
    explicit(0, integer(2n)),
    integer(t.serialNumber),
    algId,
    issuerName,
    seq(time(t.notBefore), time(t.notAfter)),
    subject,
    spki,
    explicit(3, seq(...extensions(t, spkiBits, subject, issuerName, issuer))),
  );
  const signature = nodeCrypto().sign(
    hash,
    tbs,
    signer.asymmetricKeyType === 'ec' ? { key: signer, dsaEncoding: 'der' } : signer,
  );
  if (
    !nodeCrypto().verify(
      hash,
      tbs,
      signer.asymmetricKeyType === 'ec'
        ? { key: nodeCrypto().createPublicKey(signer), dsaEncoding: 'der' }
        : nodeCrypto().createPublicKey(signer),
      signature,
    )
  ) {
    throw new Error('x509: signature over certificate returned by signer is invalid');
  }
  return seq(tbs, algId, bitString(signature));
}

/** Subject name and subject key identifier of a DER certificate. */
export function issuerInfo(certDer: Buffer): { subjectDer: Buffer; subjectKeyId: Buffer | null } {
  const cert = readDer(certDer);
  const tbs = children(children(cert)[0]);
  let i = 0;
  if (tbs[0].tag === 0xa0) i = 1;
  const subject = tbs[i + 4];
  let ski: Buffer | null = null;
  const extWrapper = tbs.find((e) => e.tag === 0xa3);
  if (extWrapper) {
    for (const ext of children(children(extWrapper)[0])) {
      const parts = children(ext);
      if (oidText(parts[0].content) === '2.5.29.14') {
        ski = readDer(parts[parts.length - 1].content).content;
      }
    }
  }
  return { subjectDer: Buffer.from(subject.raw), subjectKeyId: ski };
}

/** PEM armour with 64-column base64 (encoding/pem). */
export function pemEncode(type: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${type}-----\n${b64}\n-----END ${type}-----\n`;
}

/** First PEM block of a text (encoding/pem Decode). */
export function pemDecode(text: string): { type: string; der: Buffer } | null {
  const m =
    /-----BEGIN ([A-Z0-9 ]+)-----\r?\n(?:[A-Za-z-]+:.*\r?\n)*\r?\n?([A-Za-z0-9+/=\r\n\s]*?)-----END \1-----/.exec(text);
  if (!m) return null;
  return { type: m[1], der: Buffer.from(m[2].replace(/\s+/g, ''), 'base64') };
}
