/** Host key fingerprints as OpenSSH prints them (`ssh-keygen -lf`): "SHA256:" + unpadded base64. */
import { createHash } from 'node:crypto';

/** The fingerprint of a host key in SSH wire format (the blob ssh2's hostVerifier receives). */
export function hostKeyFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}
