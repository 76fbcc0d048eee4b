import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = SecretBox.fromString(SecretBox.generateKey());

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('s3cr3t-value', 'repo:1');
    expect(sealed).not.toContain('s3cr3t');
    expect(box.open(sealed, 'repo:1')).toBe('s3cr3t-value');
  });

  it('refuses a ciphertext moved to another row', () => {
    const sealed = box.seal('x', 'repo:1');
    expect(() => box.open(sealed, 'repo:2')).toThrow();
  });

  it('refuses a tampered ciphertext and a foreign key', () => {
    const sealed = box.seal('hello', 'a');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('HELLO').toString('base64url');
    expect(() => box.open(parts.join('.'), 'a')).toThrow();
    expect(() => SecretBox.fromString(SecretBox.generateKey()).open(sealed, 'a')).toThrow();
  });

  it('rejects keys of the wrong size', () => {
    expect(() => SecretBox.fromString('abcd')).toThrow(/32 bytes/);
  });
});
