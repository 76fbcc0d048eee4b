import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { bitString, boolean, explicit, implicitPrimitive, integer, octetString, oid, sequence, set, time, utf8String } from './der.encoder';

/** PEM-encoded key material of one certificate. */
export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

/** A self-signed CA and a serving certificate it signed, ready for `https.createServer` and a kubeconfig. */
export interface SandboxTls {
  ca: IssuedCertificate;
  server: IssuedCertificate;
}

const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

const name = (cn: string, org?: string): Buffer =>
  sequence(...(org ? [set(sequence(oid('2.5.4.10'), utf8String(org)))] : []), set(sequence(oid('2.5.4.3'), utf8String(cn))));

const extension = (id: string, critical: boolean, value: Buffer): Buffer => sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));

function keyId(spki: Buffer): Buffer {
  // SHA-1 over the whole SubjectPublicKeyInfo: unique per key, which is all a key identifier needs.
  return createHash('sha1').update(spki).digest();
}

function serial(): Buffer {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b;
}

interface CertSpec {
  subject: Buffer;
  issuer: Buffer;
  spki: Buffer;
  issuerSpki: Buffer;
  signer: KeyObject;
  isCa: boolean;
  sans: string[];
  days: number;
}

function buildCertificate(spec: CertSpec): Buffer {
  const now = Date.now();
  const exts = [
    extension('2.5.29.15', true, spec.isCa ? bitString(Buffer.from([0x86]), 1) : bitString(Buffer.from([0xa0]), 5)),
    extension('2.5.29.19', true, spec.isCa ? sequence(boolean(true)) : sequence()),
    extension('2.5.29.14', false, octetString(keyId(spec.spki))),
    extension('2.5.29.35', false, sequence(implicitPrimitive(0, keyId(spec.issuerSpki)))),
  ];
  if (!spec.isCa) {
    exts.push(extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))));
    const names = spec.sans.map((s) => (isIP(s) === 4 ? implicitPrimitive(7, Buffer.from(s.split('.').map(Number))) : implicitPrimitive(2, Buffer.from(s, 'ascii'))));
    exts.push(extension('2.5.29.17', false, sequence(...names)));
  }
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serial()),
    ecdsaWithSha256,
    spec.issuer,
    sequence(time(new Date(now - 3600_000)), time(new Date(now + spec.days * 86400_000))),
    spec.subject,
    spec.spki,
    explicit(3, sequence(...exts)),
  );
  const signature = sign('sha256', tbs, { key: spec.signer, dsaEncoding: 'der' });
  return sequence(tbs, ecdsaWithSha256, bitString(signature));
}

/**
 * Generates a fresh P-256 CA and a serving certificate for `hosts` (DNS names and IPv4
 * addresses), entirely in-process (no openssl). Certificates are valid for ten years.
 */
export function generateSandboxTls(hosts: string[] = ['localhost', '127.0.0.1']): SandboxTls {
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serverKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caSpki = caKeys.publicKey.export({ type: 'spki', format: 'der' });
  const serverSpki = serverKeys.publicKey.export({ type: 'spki', format: 'der' });
  const caName = name('marina-kube-sandbox-ca', 'marina');
  const caDer = buildCertificate({ subject: caName, issuer: caName, spki: caSpki, issuerSpki: caSpki, signer: caKeys.privateKey, isCa: true, sans: [], days: 3650 });
  const serverDer = buildCertificate({
    subject: name('kube-apiserver', 'marina'),
    issuer: caName,
    spki: serverSpki,
    issuerSpki: caSpki,
    signer: caKeys.privateKey,
    isCa: false,
    sans: hosts,
    days: 3650,
  });
  const keyPem = (k: KeyObject): string => k.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    ca: { certPem: pem('CERTIFICATE', caDer), keyPem: keyPem(caKeys.privateKey) },
    server: { certPem: pem('CERTIFICATE', serverDer), keyPem: keyPem(serverKeys.privateKey) },
  };
}
