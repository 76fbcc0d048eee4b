import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { Template } from '../template';
import { sprigFuncMap } from './index';
import { bcryptHash, bcryptVerify } from './bcrypt';

const render = (text: string, data: unknown = null): string =>
  Template.create('t')
    .funcs(sprigFuncMap())
    .parse(text)
    .execute(data as never);

describe('Sprig crypto functions produce valid artefacts', () => {
  it('bcrypt matches published $2a$ vectors and verifies', () => {
    expect(bcryptHash('', 6, 'DCq7YPn5Rq63x1Lad4cll.')).toBe(
      '$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.',
    );
    expect(bcryptHash('abc', 6, 'If6bvum7DFjUnE9p2uDeDu')).toBe(
      '$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i',
    );
    const h = render('{{ bcrypt "s3cret" }}');
    expect(h).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcryptVerify('s3cret', h)).toBe(true);
    expect(bcryptVerify('other', h)).toBe(false);
  });

  it('htpasswd is user:bcrypt', () => {
    const [user, hash] = render('{{ htpasswd "admin" "pw" }}').split(/:(.*)/s);
    expect(user).toBe('admin');
    expect(bcryptVerify('pw', hash)).toBe(true);
    expect(render('{{ htpasswd "a:b" "pw" }}')).toBe('invalid username: a:b');
  });

  it('genPrivateKey emits PEM keys node:crypto can load', () => {
    for (const [type, header] of [
      ['ecdsa', 'EC PRIVATE KEY'],
      ['ed25519', 'PRIVATE KEY'],
    ] as const) {
      const pem = render(`{{ genPrivateKey "${type}" }}`);
      expect(pem.startsWith(`-----BEGIN ${header}-----\n`)).toBe(true);
      expect(createPrivateKey(pem).asymmetricKeyType).toBe(type === 'ecdsa' ? 'ec' : 'ed25519');
    }
    expect(render('{{ genPrivateKey "nope" }}')).toBe('Unknown type nope');
    const dsa = render('{{ genPrivateKey "dsa" }}');
    expect(dsa.startsWith('-----BEGIN DSA PRIVATE KEY-----\n')).toBe(true);
    expect(createPrivateKey(dsa).asymmetricKeyType).toBe('dsa');
  });

  it('genCAWithKey signs with a supplied ECDSA key (ecdsa-with-SHA256)', () => {
    const pem = render('{{ $k := genPrivateKey "ecdsa" }}{{ (genCAWithKey "ec-ca" 10 $k).Cert }}');
    const c = new X509Certificate(pem);
    expect(c.subject).toBe('CN=ec-ca');
    expect(c.publicKey.asymmetricKeyType).toBe('ec');
    expect(c.verify(c.publicKey)).toBe(true);
  });

  it('genCA + genSignedCert chain verifies, with SANs, usages and key ids', () => {
    const out = render(`{{- $ca := genCA "my-ca" 365 -}}
{{- $c := genSignedCert "svc.local" (list "10.0.0.1") (list "svc.local" "svc") 30 $ca -}}
{{ $ca.Cert }}@@{{ $ca.Key }}@@{{ $c.Cert }}@@{{ $c.Key }}`);
    const [caCert, caKey, cert, key] = out.split('@@');
    const ca = new X509Certificate(caCert);
    const leaf = new X509Certificate(cert);
    expect(ca.subject).toBe('CN=my-ca');
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.subjectAltName).toBe('DNS:svc.local, DNS:svc, IP Address:10.0.0.1');
    expect(leaf.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    const days = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / 86400000;
    expect(days).toBe(30);
    expect(caKey.startsWith('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
    expect(createPublicKey(createPrivateKey(key)).export({ type: 'spki', format: 'pem' })).toBe(
      leaf.publicKey.export({ type: 'spki', format: 'pem' }),
    );
  });

  it('genSelfSignedCert and certificate errors', () => {
    const pem = render('{{ (genSelfSignedCert "x" nil nil 1).Cert }}');
    const c = new X509Certificate(pem);
    expect(c.verify(c.publicKey)).toBe(true);
    expect(() => render('{{ genSelfSignedCert "x" (list "not-an-ip") nil 1 }}')).toThrow(/error parsing ip: not-an-ip/);
  });

  it('encryptAES/decryptAES round-trip with random IVs; derivePassword is deterministic', () => {
    const a = render('{{ encryptAES "key" "hello world" }}');
    const b = render('{{ encryptAES "key" "hello world" }}');
    expect(a).not.toBe(b);
    expect(render(`{{ decryptAES "key" "${a}" }}`)).toBe('hello world');
    expect(render('{{ derivePassword 1 "long" "password" "user" "example.com" }}')).toBe('ZedaFaxcZaso9*');
  });

  it('random functions have the documented shape', () => {
    expect(render('{{ randAlphaNum 20 }}')).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(render('{{ randNumeric 8 }}')).toMatch(/^\d{8}$/);
    expect(render('{{ randAlpha 5 }}')).toMatch(/^[A-Za-z]{5}$/);
    expect(render('{{ uuidv4 }}')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Buffer.from(render('{{ randBytes 24 }}'), 'base64')).toHaveLength(24);
  });
});
