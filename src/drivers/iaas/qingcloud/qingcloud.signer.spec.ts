import { canonicalQuery, percentEncode, signQuery } from './qingcloud.signer';

/**
 * The worked example of QingCloud's signature documentation: RunInstances with access key
 * QYACCESSKEYIDEXAMPLE / SECRETACCESSKEY at 2013-08-27T14:30:10Z. With zone pek1 the page
 * https://docs.qingcloud.com/api/common/signature.html gives signature=32bseYy39DOlatuewpeuW5vpmW51sD1A%2FJdGynqSpP8%3D;
 * the same request with zone pek3a (https://docsv3.qingcloud.com/development_docs/api/signature/) signs
 * to byjccvWIvAftaq%2BoublemagH3bYAlDWxxLFAzAsyslw%3D.
 */
const example = (zone: string): Record<string, string> => ({
  count: '1',
  'vxnets.1': 'vxnet-0',
  zone,
  instance_type: 'small_b',
  signature_version: '1',
  signature_method: 'HmacSHA256',
  instance_name: 'demo',
  image_id: 'centos64x86a',
  login_mode: 'passwd',
  login_passwd: 'QingCloud20130712',
  version: '1',
  access_key_id: 'QYACCESSKEYIDEXAMPLE',
  action: 'RunInstances',
  time_stamp: '2013-08-27T14:30:10Z',
});

describe('QingCloud signer', () => {
  test('builds the documented canonical query', () => {
    expect(canonicalQuery(example('pek1'))).toBe(
      'access_key_id=QYACCESSKEYIDEXAMPLE&action=RunInstances&count=1&image_id=centos64x86a&instance_name=demo&instance_type=small_b' +
        '&login_mode=passwd&login_passwd=QingCloud20130712&signature_method=HmacSHA256&signature_version=1' +
        '&time_stamp=2013-08-27T14%3A30%3A10Z&version=1&vxnets.1=vxnet-0&zone=pek1',
    );
  });

  test.each([
    ['pek1', '32bseYy39DOlatuewpeuW5vpmW51sD1A/JdGynqSpP8=', '32bseYy39DOlatuewpeuW5vpmW51sD1A%2FJdGynqSpP8%3D'],
    ['pek3a', 'byjccvWIvAftaq+oublemagH3bYAlDWxxLFAzAsyslw=', 'byjccvWIvAftaq%2BoublemagH3bYAlDWxxLFAzAsyslw%3D'],
  ])('signs the documented example (zone %s)', (zone, signature, encoded) => {
    const signed = signQuery(example(zone), 'SECRETACCESSKEY');
    expect(signed.signature).toBe(signature);
    expect(signed.query.endsWith(`&zone=${zone}&signature=${encoded}`)).toBe(true);
  });

  test('encodes spaces as %20 and reserved characters in upper-case hex', () => {
    expect(percentEncode("a b:/+!'()*~")).toBe('a%20b%3A%2F%2B%21%27%28%29%2A~');
  });
});
