import {
  acs3Signature,
  canonicalRequest,
  parseAuthorization,
  rfc3986,
  sha256Hex,
  verifyAcs3,
  type Acs3Request,
} from './acs3.signature';
import { EcsAuthenticator } from './ecs-auth';

/**
 * The worked example of Aliyun's "ROA-style request body & signature mechanism" page
 * (https://help.aliyun.com/zh/model-studio/roa-style-request-body-signature-mechanism, V3 signature):
 * RunInstances on ecs.cn-shanghai.aliyuncs.com with AccessKey YourAccessKeyId / YourAccessKeySecret,
 * whose Authorization header carries Signature=e521358f…4804.
 */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SIGNED = ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'];
const example: Acs3Request = {
  method: 'POST',
  path: '/',
  query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
  headers: {
    host: 'ecs.cn-shanghai.aliyuncs.com',
    'x-acs-action': 'RunInstances',
    'x-acs-content-sha256': EMPTY_SHA256,
    'x-acs-date': '2023-10-26T09:01:01Z',
    'x-acs-signature-nonce': 'd410180a5abf7fe235dd9b74aca91fc0',
    'x-acs-version': '2014-05-26',
  },
};
const PUBLISHED = 'e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804';

describe('ACS3-HMAC-SHA256', () => {
  test('reproduces the published example', () => {
    expect(sha256Hex('')).toBe(EMPTY_SHA256);
    expect(acs3Signature('YourAccessKeySecret', canonicalRequest(example, SIGNED, EMPTY_SHA256))).toBe(PUBLISHED);
  });

  test('parses the Authorization header and verifies it; any change to a signed part fails', () => {
    const header = `ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=${SIGNED.join(';')},Signature=${PUBLISHED}`;
    const auth = parseAuthorization(header);
    expect(auth).toEqual({ accessKeyId: 'YourAccessKeyId', signedHeaders: SIGNED, signature: PUBLISHED });
    expect(verifyAcs3(example, auth!, 'YourAccessKeySecret', EMPTY_SHA256)).toBe(true);
    expect(verifyAcs3(example, auth!, 'another secret', EMPTY_SHA256)).toBe(false);
    expect(
      verifyAcs3(
        { ...example, query: { ...example.query, RegionId: 'cn-hangzhou' } },
        auth!,
        'YourAccessKeySecret',
        EMPTY_SHA256,
      ),
    ).toBe(false);
    expect(
      verifyAcs3(
        { ...example, headers: { ...example.headers, 'x-acs-action': 'DeleteInstance' } },
        auth!,
        'YourAccessKeySecret',
        EMPTY_SHA256,
      ),
    ).toBe(false);
    expect(parseAuthorization('acs YourAccessKeyId:abc')).toBeUndefined();
    expect(parseAuthorization('ACS3-HMAC-SHA256 Credential=x')).toBeUndefined();
  });

  test('canonical query values are RFC 3986 encoded', () => {
    expect(rfc3986("a b!'()*~/")).toBe('a%20b%21%27%28%29%2A~%2F');
  });
});

describe('EcsAuthenticator', () => {
  const auth = new EcsAuthenticator({ accessKeyId: 'YourAccessKeyId', secretAccessKey: 'YourAccessKeySecret' });
  const header = `ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=${SIGNED.join(';')},Signature=${PUBLISHED}`;
  const signed: Acs3Request = { ...example, headers: { ...example.headers, authorization: header } };
  const at = Date.parse('2023-10-26T09:05:00Z');

  test.each([
    ['no Authorization', { ...example }, at, 'IncompleteSignature'],
    [
      'an unknown key',
      { ...signed, headers: { ...signed.headers, authorization: header.replace('YourAccessKeyId', 'LTAIother') } },
      at,
      'InvalidAccessKeyId.NotFound',
    ],
    ['a body that does not hash to x-acs-content-sha256', signed, at, 'SignatureDoesNotMatch', Buffer.from('x')],
    ['a stale date', signed, at + 20 * 60 * 1000, 'InvalidTimeStamp.Expired'],
  ])('refuses %s', (_what, req, now, code, body = Buffer.alloc(0)) => {
    expect(() => auth.check(req as Acs3Request, body as Buffer, now as number)).toThrow(
      expect.objectContaining({ code }),
    );
  });

  test('accepts a good request once; the same nonce again is SignatureNonceUsed', () => {
    const fresh = new EcsAuthenticator({ accessKeyId: 'YourAccessKeyId', secretAccessKey: 'YourAccessKeySecret' });
    expect(() => fresh.check(signed, Buffer.alloc(0), at)).not.toThrow();
    expect(() => fresh.check(signed, Buffer.alloc(0), at + 1000)).toThrow(
      expect.objectContaining({ code: 'SignatureNonceUsed' }),
    );
  });
});
