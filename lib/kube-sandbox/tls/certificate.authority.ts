/**
 * The sandbox's TLS material: a fresh P-256 CA and a serving certificate it signed, built with
 * go-runtime's X.509 builder (Go's x509.CreateCertificate semantics), entirely in-process.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { createCertificate, issuerInfo, KeyUsage, pemEncode, type CertTemplate } from '@marina/go-runtime';

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

const DAY_MS = 86400_000;

/** Valid from an hour ago (clock skew) for `days`, with a random positive 128-bit serial. */
function base(
  commonName: string,
  days: number,
): Pick<CertTemplate, 'serialNumber' | 'subject' | 'notBefore' | 'notAfter'> {
  const now = Date.now();
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  return {
    serialNumber: BigInt('0x' + serial.toString('hex')),
    subject: { commonName, organization: ['marina'] },
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + days * DAY_MS),
  };
}

const isIpAddress = (host: string): boolean => isIP(host) !== 0;

const pem = (der: Buffer): string => pemEncode('CERTIFICATE', der);
const keyPem = (k: KeyObject): string => k.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * Generates a fresh P-256 CA and a serving certificate for `hosts` (DNS names and IP addresses),
 * entirely in-process (no openssl). Certificates are valid for ten years.
 */
export function generateSandboxTls(hosts: string[] = ['localhost', '127.0.0.1']): SandboxTls {
  const caKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const serverKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const caDer = createCertificate(
    {
      ...base('marina-kube-sandbox-ca', 3650),
      keyUsage: KeyUsage.DigitalSignature | KeyUsage.CertSign | KeyUsage.CRLSign,
      extKeyUsage: [],
      isCA: true,
      dnsNames: [],
      ipAddresses: [],
    },
    caKey,
    null,
  );
  const serverDer = createCertificate(
    {
      ...base('kube-apiserver', 3650),
      keyUsage: KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment,
      extKeyUsage: ['serverAuth'],
      isCA: false,
      dnsNames: hosts.filter((h) => !isIpAddress(h)),
      ipAddresses: hosts.filter(isIpAddress),
    },
    serverKey,
    { ...issuerInfo(caDer), key: caKey },
  );
  return {
    ca: { certPem: pem(caDer), keyPem: keyPem(caKey) },
    server: { certPem: pem(serverDer), keyPem: keyPem(serverKey) },
  };
}
