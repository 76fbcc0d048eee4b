import { parseAuthorization, sha256Hex, verifyAcs3, type Acs3Request } from './acs3.signature';
import { ecsError } from './ecs.errors';

/** The sandbox's one access key. */
export interface EcsCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** How far `x-acs-date` may be from the server's clock (ECS allows 15 minutes). */
const MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Authenticates an ACS3-HMAC-SHA256 request the way ECS does: unknown key →
 * InvalidAccessKeyId.NotFound; body hash or signature wrong → SignatureDoesNotMatch; stale
 * `x-acs-date` → InvalidTimeStamp.Expired; a nonce seen before → SignatureNonceUsed.
 */
export class EcsAuthenticator {
  private readonly nonces = new Map<string, number>();

  constructor(private readonly credential: EcsCredential) {}

  check(req: Acs3Request, body: Buffer, now = Date.now()): void {
    const auth = parseAuthorization(req.headers['authorization']);
    if (!auth) throw ecsError('IncompleteSignature');
    if (auth.accessKeyId !== this.credential.accessKeyId) throw ecsError('InvalidAccessKeyId.NotFound');
    const payloadHash = req.headers['x-acs-content-sha256'] ?? '';
    if (payloadHash !== sha256Hex(body))
      throw ecsError('SignatureDoesNotMatch', 'The x-acs-content-sha256 header does not match the request body.');
    if (!verifyAcs3(req, auth, this.credential.secretAccessKey, payloadHash)) throw ecsError('SignatureDoesNotMatch');
    const required = [
      'host',
      'x-acs-action',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-version',
      'x-acs-content-sha256',
    ];
    if (!required.every((h) => auth.signedHeaders.includes(h)))
      throw ecsError('IncompleteSignature', 'SignedHeaders must include host and the x-acs-* headers.');
    const date = Date.parse(req.headers['x-acs-date'] ?? '');
    if (!Number.isFinite(date) || Math.abs(now - date) > MAX_SKEW_MS) throw ecsError('InvalidTimeStamp.Expired');
    this.useNonce(req.headers['x-acs-signature-nonce'] ?? '', now);
  }

  private useNonce(nonce: string, now: number): void {
    for (const [seen, at] of this.nonces) {
      if (now - at <= MAX_SKEW_MS) break;
      this.nonces.delete(seen);
    }
    if (this.nonces.has(nonce)) throw ecsError('SignatureNonceUsed');
    this.nonces.set(nonce, now);
  }
}
