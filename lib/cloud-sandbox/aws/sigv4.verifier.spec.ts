/**
 * The verifier against AWS's published Signature Version 4 test suite
 * (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html, the
 * "aws-sig-v4-test-suite" archive): access key AKIDEXAMPLE, secret
 * wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 2015-08-30T12:36:00Z, us-east-1, service "service".
 * Every expected signature below is the one AWS published for that case.
 */
import { Ec2Fault } from './ec2.errors';
import {
  canonicalRequest,
  parseAuthorization,
  signature,
  stringToSign,
  verifySigV4,
  type WireRequest,
} from './sigv4.verifier';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const AMZ_DATE = '20150830T123600Z';
const NOW = new Date('2015-08-30T12:36:00Z');
const SCOPE = { accessKeyId: 'AKIDEXAMPLE', date: '20150830', region: 'us-east-1', service: 'service' };

interface SuiteCase {
  readonly name: string;
  readonly request: WireRequest;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly canonical?: string;
}

const EMPTY_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const base = (method: string, extra: [string, string][] = [], body = '', query = ''): WireRequest => ({
  method,
  path: '/',
  query,
  headers: [['Host', 'example.amazonaws.com'], ...extra, ['X-Amz-Date', AMZ_DATE]],
  body: Buffer.from(body),
});

const SUITE: readonly SuiteCase[] = [
  {
    name: 'get-vanilla',
    request: base('GET'),
    signedHeaders: ['host', 'x-amz-date'],
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    canonical: [
      'GET',
      '/',
      '',
      'host:example.amazonaws.com',
      'x-amz-date:20150830T123600Z',
      '',
      'host;x-amz-date',
      EMPTY_HASH,
    ].join('\n'),
  },
  {
    name: 'post-vanilla',
    request: base('POST'),
    signedHeaders: ['host', 'x-amz-date'],
    signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
  },
  {
    name: 'get-vanilla-query-order-key-case',
    request: base('GET', [], '', 'Param2=value2&Param1=value1'),
    signedHeaders: ['host', 'x-amz-date'],
    signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
  },
  {
    name: 'get-header-value-trim',
    request: base('GET', [
      ['My-Header1', ' value1'],
      ['My-Header2', ' "a   b   c"'],
    ]),
    signedHeaders: ['host', 'my-header1', 'my-header2', 'x-amz-date'],
    signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
  },
  {
    name: 'post-x-www-form-urlencoded',
    request: base('POST', [['Content-Type', 'application/x-www-form-urlencoded']], 'Param1=value1'),
    signedHeaders: ['content-type', 'host', 'x-amz-date'],
    signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
  },
];

const authorization = (c: SuiteCase, sig = c.signature, scope = SCOPE) =>
  `AWS4-HMAC-SHA256 Credential=${scope.accessKeyId}/${scope.date}/${scope.region}/${scope.service}/aws4_request, SignedHeaders=${c.signedHeaders.join(';')}, Signature=${sig}`;
const withAuth = (c: SuiteCase, auth: string): WireRequest => ({
  ...c.request,
  headers: [...c.request.headers, ['Authorization', auth]],
});
const verify = (
  req: WireRequest,
  secretOf: (id: string) => string | undefined = (id) => (id === 'AKIDEXAMPLE' ? SECRET : undefined),
  now = NOW,
) => verifySigV4(req, { region: 'us-east-1', service: 'service', secretOf, now });

function faultOf(fn: () => unknown): Ec2Fault {
  try {
    fn();
  } catch (err) {
    if (err instanceof Ec2Fault) return err;
    throw err;
  }
  throw new Error('expected an Ec2Fault');
}

describe('SigV4 against AWS test-suite vectors', () => {
  it.each(SUITE)('$name: computes the published signature', (c) => {
    const canonical = canonicalRequest(c.request, c.signedHeaders);
    if (c.canonical) expect(canonical).toBe(c.canonical);
    expect(signature(SECRET, SCOPE, stringToSign(AMZ_DATE, SCOPE, canonical))).toBe(c.signature);
  });

  it.each(SUITE)('$name: verifies the published Authorization header', (c) => {
    expect(verify(withAuth(c, authorization(c)))).toBe('AKIDEXAMPLE');
  });
});

describe('SigV4 verification failures are EC2 errors', () => {
  const form = SUITE[4];
  it('a wrong secret is AuthFailure', () => {
    const fault = faultOf(() => verify(withAuth(form, authorization(form)), () => 'not-the-secret'));
    expect([fault.code, fault.status, fault.message]).toEqual([
      'AuthFailure',
      401,
      'AWS was not able to validate the provided access credentials',
    ]);
  });
  it('an unknown access key is the same AuthFailure (no key enumeration)', () => {
    expect(faultOf(() => verify(withAuth(form, authorization(form)), () => undefined)).code).toBe('AuthFailure');
  });
  it('a tampered body no longer verifies', () => {
    const tampered = { ...withAuth(form, authorization(form)), body: Buffer.from('Param1=value2') };
    expect(faultOf(() => verify(tampered)).code).toBe('AuthFailure');
  });
  it('a scope for another region names the region', () => {
    const fault = faultOf(() =>
      verify(withAuth(form, authorization(form, form.signature, { ...SCOPE, region: 'eu-west-1' }))),
    );
    expect([fault.code, fault.message]).toEqual([
      'AuthFailure',
      "Credential should be scoped to a valid region, not 'eu-west-1'.",
    ]);
  });
  it('a scope for another service is refused', () => {
    expect(
      faultOf(() => verify(withAuth(form, authorization(form, form.signature, { ...SCOPE, service: 's3' })))).message,
    ).toMatch(/correct service/);
  });
  it('a request more than 15 minutes old is RequestExpired', () => {
    const later = new Date(NOW.getTime() + 16 * 60 * 1000);
    expect(faultOf(() => verify(withAuth(form, authorization(form)), undefined, later)).code).toBe('RequestExpired');
  });
  it('a request within the skew window verifies', () => {
    expect(verify(withAuth(form, authorization(form)), undefined, new Date(NOW.getTime() + 14 * 60 * 1000))).toBe(
      'AKIDEXAMPLE',
    );
  });
  it('a malformed escape in the query is MalformedQueryString', () => {
    const bad = { ...SUITE[2], request: base('GET', [], '', 'Param1=%E0%A4%A') };
    expect(faultOf(() => verify(withAuth(bad, authorization(bad)))).code).toBe('MalformedQueryString');
  });
  it('no Authorization header is MissingAuthenticationToken', () => {
    expect(faultOf(() => verify(form.request)).code).toBe('MissingAuthenticationToken');
  });
  it.each([
    ['AWS4-HMAC-SHA1 Credential=a/b/c/d/aws4_request, SignedHeaders=host, Signature=x'],
    ['AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc'],
    ['AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=host, Signature=x'],
    ['AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x'],
  ])('malformed %s is IncompleteSignature', (header) => {
    expect(faultOf(() => parseAuthorization(header)).code).toBe('IncompleteSignature');
  });
});
