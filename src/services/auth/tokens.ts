import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

export type TokenKind = 'access' | 'refresh';

export interface TokenClaims {
  readonly userId: string;
  readonly kind: TokenKind;
  /** The user's tokenVersion when issued; a bump revokes every token of the user. */
  readonly version: number;
  /** The session (refresh-token family) the token belongs to, when issued for one. */
  readonly sessionId: string | undefined;
  /** The token's unique id (a refresh token's row id). */
  readonly tokenId: string;
}

/** Where a token belongs: its session and (for refresh tokens) its row id. */
export interface TokenBinding {
  readonly sessionId?: string;
  readonly tokenId?: string;
}

/** Why a bearer credential was refused (all map to UNAUTHENTICATED). */
export class InvalidTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid' | 'wrong_kind' | 'revoked') {
    super(reason === 'expired' ? 'Token expired' : reason === 'revoked' ? 'Token revoked' : 'Invalid token');
  }
}

const ISSUER = 'marina';
export const API_TOKEN_PREFIX = 'mrn_';

/** Signs and verifies JWTs (HS256) with a key derived from the platform secret key. */
export class TokenIssuer {
  private readonly key: Uint8Array;

  constructor(
    secretKey: Buffer | string,
    readonly ttl: { readonly access: number; readonly refresh: number },
  ) {
    this.key = new Uint8Array(hkdfSync('sha256', secretKey, 'marina', 'jwt-signing-key', 32));
  }

  async issue(userId: string, kind: TokenKind, version: number, binding: TokenBinding = {}): Promise<string> {
    return new SignJWT({ kind, ver: version, ...(binding.sessionId ? { sid: binding.sessionId } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(userId)
      .setJti(binding.tokenId ?? randomBytes(12).toString('base64url'))
      .setIssuedAt()
      .setExpirationTime(`${kind === 'access' ? this.ttl.access : this.ttl.refresh}s`)
      .sign(this.key);
  }

  /** Throws InvalidTokenError for expired, forged, malformed or wrong-kind tokens, and tokens without exp, iat, sub or jti. */
  async verify(token: string, kind: TokenKind): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      });
      if (payload.kind !== kind) throw new InvalidTokenError('wrong_kind');
      if (typeof payload.sub !== 'string' || typeof payload.ver !== 'number' || typeof payload.jti !== 'string')
        throw new InvalidTokenError('invalid');
      if (payload.sid !== undefined && typeof payload.sid !== 'string') throw new InvalidTokenError('invalid');
      return {
        userId: payload.sub,
        kind,
        version: payload.ver,
        sessionId: payload.sid as string | undefined,
        tokenId: payload.jti,
      };
    } catch (err) {
      if (err instanceof InvalidTokenError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new InvalidTokenError('expired');
      throw new InvalidTokenError('invalid');
    }
  }
}

/** A new API token secret (shown once) and the hash that is stored. */
export function newApiToken(): { token: string; hash: string } {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashApiToken(token) };
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
