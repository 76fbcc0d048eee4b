import { X509Certificate, createPrivateKey } from 'node:crypto';
import { generateSandboxTls } from './certificate.authority';
import { integer, oid, time } from './der.encoder';

describe('sandbox TLS material', () => {
  const tls = generateSandboxTls(['localhost', '127.0.0.1', 'sandbox.local']);
  const ca = new X509Certificate(tls.ca.certPem);
  const server = new X509Certificate(tls.server.certPem);

  it('is a CA that signed a serving certificate for the requested names', () => {
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, DNS:sandbox.local');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(new Date(server.validTo).getTime()).toBeGreaterThan(Date.now() + 365 * 86400_000);
  });

  it('pairs each certificate with its private key', () => {
    expect(server.checkPrivateKey(createPrivateKey(tls.server.keyPem))).toBe(true);
    expect(ca.checkPrivateKey(createPrivateKey(tls.ca.keyPem))).toBe(true);
  });

  it('encodes DER primitives canonically', () => {
    expect(integer(Buffer.from([0x80])).toString('hex')).toBe('02020080');
    expect(integer(Buffer.from([0x00, 0x00, 0x01])).toString('hex')).toBe('020101');
    expect(oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    expect(time(new Date('2030-01-02T03:04:05Z')).toString('ascii').slice(2)).toBe('300102030405Z');
    expect(time(new Date('2050-01-02T03:04:05Z'))[0]).toBe(0x18);
  });
});
