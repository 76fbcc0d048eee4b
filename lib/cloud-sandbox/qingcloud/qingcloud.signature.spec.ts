import { QcParams } from './qc-params';
import { qcSignatureValid, qcStringToSign } from './qingcloud.signature';

/** QingCloud's documented example (https://docs.qingcloud.com/api/common/signature.html), as the server receives it. */
const received: Record<string, string> = {
  access_key_id: 'QYACCESSKEYIDEXAMPLE',
  action: 'RunInstances',
  count: '1',
  image_id: 'centos64x86a',
  instance_name: 'demo',
  instance_type: 'small_b',
  login_mode: 'passwd',
  login_passwd: 'QingCloud20130712',
  signature_method: 'HmacSHA256',
  signature_version: '1',
  time_stamp: '2013-08-27T14:30:10Z',
  version: '1',
  'vxnets.1': 'vxnet-0',
  zone: 'pek1',
  signature: '32bseYy39DOlatuewpeuW5vpmW51sD1A/JdGynqSpP8=',
};

describe('QingCloud signature verification', () => {
  test('accepts the documented example and its string to sign', () => {
    expect(qcStringToSign('GET', '/iaas/', received)).toBe(
      'GET\n/iaas/\naccess_key_id=QYACCESSKEYIDEXAMPLE&action=RunInstances&count=1&image_id=centos64x86a&instance_name=demo&instance_type=small_b' +
        '&login_mode=passwd&login_passwd=QingCloud20130712&signature_method=HmacSHA256&signature_version=1' +
        '&time_stamp=2013-08-27T14%3A30%3A10Z&version=1&vxnets.1=vxnet-0&zone=pek1',
    );
    expect(qcSignatureValid('GET', '/iaas/', received, 'SECRETACCESSKEY')).toBe(true);
  });

  test.each([
    ['another secret', received, 'WRONGSECRET'],
    ['a changed parameter', { ...received, count: '2' }, 'SECRETACCESSKEY'],
    ['an added parameter', { ...received, 'vxnets.2': 'vxnet-1' }, 'SECRETACCESSKEY'],
    ['no signature', { ...received, signature: '' }, 'SECRETACCESSKEY'],
  ])('refuses %s', (_what, params, secret) => {
    expect(qcSignatureValid('GET', '/iaas/', params, secret)).toBe(false);
  });
});

describe('QcParams', () => {
  const p = new QcParams({
    'instances.2': 'i-b',
    'instances.1': 'i-a',
    'instances.10': 'i-j',
    'resource_tag_pairs.1.tag_id': 'tag-1',
    'resource_tag_pairs.1.resource_id': 'i-a',
    limit: '5',
    count: 'x',
  });

  test('reads lists in index order and records', () => {
    expect(p.list('instances')).toEqual(['i-a', 'i-b', 'i-j']);
    expect(p.records('resource_tag_pairs')).toEqual([{ tag_id: 'tag-1', resource_id: 'i-a' }]);
    expect(p.page(['a', 'b', 'c', 'd', 'e', 'f'])).toEqual({ items: ['a', 'b', 'c', 'd', 'e'], total_count: 6 });
  });

  test.each([
    [() => p.required('image_id'), 1100],
    [() => p.int('count'), 1100],
    [() => p.requiredList('volumes'), 1100],
    [() => new QcParams({ limit: '101' }).page([]), 1100],
  ])('bad input %# is ret_code 1100', (read, retCode) => {
    expect(read).toThrow(expect.objectContaining({ retCode }));
  });
});
