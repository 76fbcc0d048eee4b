import { integer, oid, time } from './der';

describe('DER encoding', () => {
  it('encodes primitives canonically', () => {
    expect(integer(0x80n).toString('hex')).toBe('02020080');
    expect(integer(1n).toString('hex')).toBe('020101');
    expect(integer(-129n).toString('hex')).toBe('0202ff7f');
    expect(oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    expect(time(new Date('2030-01-02T03:04:05Z')).toString('ascii').slice(2)).toBe('300102030405Z');
    expect(time(new Date('2050-01-02T03:04:05Z'))[0]).toBe(0x18);
  });
});
