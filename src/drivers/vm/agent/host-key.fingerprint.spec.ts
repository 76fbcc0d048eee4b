import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import { hostKeyFingerprint } from './host-key.fingerprint';
import { MemoryHostKeyStore } from './host-key.store';

describe('hostKeyFingerprint', () => {
  it('matches ssh-keygen -lf for the same public key', () => {
    const pair = utils.generateKeyPairSync('ed25519');
    const blob = Buffer.from(pair.public.trim().split(' ')[1], 'base64');
    const dir = mkdtempSync(join(tmpdir(), 'marina-fp-'));
    try {
      writeFileSync(join(dir, 'k.pub'), pair.public);
      const printed = execFileSync('ssh-keygen', ['-lf', join(dir, 'k.pub')], { encoding: 'utf8' }).split(' ')[1];
      expect(hostKeyFingerprint(blob)).toBe(printed);
      expect(printed).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('MemoryHostKeyStore', () => {
  it('pins once, keeps the first pin, forgets', async () => {
    const store = new MemoryHostKeyStore();
    expect(await store.get('i-1')).toBeNull();
    expect(await store.pin('i-1', 'SHA256:a')).toBe('SHA256:a');
    expect(await store.pin('i-1', 'SHA256:b')).toBe('SHA256:a');
    await store.forget('i-1');
    expect(await store.get('i-1')).toBeNull();
  });
});
