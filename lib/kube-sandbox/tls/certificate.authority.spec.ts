import { X509Certificate, createPrivateKey } from 'node:crypto';
import { generateSandboxTls } from './certificate.authority';

describe('sandbox TLS material', () => {
  const tls = generateSandboxTls(['localhost', '127.0.0.1', 'sandbox.local']);
  const ca = new X509Certificate(tls.ca.certPem);
  const server = new X509Certificate(tls.server.certPem);

  it('is a CA that signed a serving certificate for the requested names', () => {
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    // Go's order: DNS names, then IP addresses.
    expect(server.subjectAltName).toBe('DNS:localhost, DNS:sandbox.local, IP Address:127.0.0.1');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(new Date(server.validTo).getTime()).toBeGreaterThan(Date.now() + 365 * 86400_000);
  });

  it('pairs each certificate with its private key', () => {
    expect(server.checkPrivateKey(createPrivateKey(tls.server.keyPem))).toBe(true);
    expect(ca.checkPrivateKey(createPrivateKey(tls.ca.keyPem))).toBe(true);
  });
});
