import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const argon2Async = promisify(argon2);

/** Password policy: each failed rule is reported by name. */
export const PASSWORD_RULES = [
  { rule: 'min_length', message: 'at least 10 characters', test: (p: string) => [...p].length >= 10 },
  { rule: 'uppercase', message: 'an upper-case letter', test: (p: string) => /\p{Lu}/u.test(p) },
  { rule: 'lowercase', message: 'a lower-case letter', test: (p: string) => /\p{Ll}/u.test(p) },
  { rule: 'digit', message: 'a digit', test: (p: string) => /\p{Nd}/u.test(p) },
  { rule: 'special', message: 'a special character', test: (p: string) => /[^\p{L}\p{Nd}\s]/u.test(p) },
  { rule: 'max_length', message: 'at most 1024 characters', test: (p: string) => p.length <= 1024 },
] as const;

export type PasswordRule = (typeof PASSWORD_RULES)[number]['rule'];

/** Returns the rules a password fails (empty when acceptable). */
export function checkPasswordPolicy(password: string): { rule: PasswordRule; message: string }[] {
  return PASSWORD_RULES.filter((r) => !r.test(password)).map(({ rule, message }) => ({ rule, message }));
}

// OWASP-recommended argon2id parameters (m=19 MiB, t=2, p=1).
const PARAMS = { memory: 19456, passes: 2, parallelism: 1, tagLength: 32 } as const;

/** argon2id PHC string: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> */
export async function hashPassword(password: string): Promise<string> {
  const nonce = randomBytes(16);
  const hash = await argon2Async('argon2id', { message: password, nonce, ...PARAMS });
  return `$argon2id$v=19$m=${PARAMS.memory},t=${PARAMS.passes},p=${PARAMS.parallelism}$${b64(nonce)}$${b64(hash)}`;
}

/** Constant-time verification; false for any malformed hash. */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
  if (!m) return false;
  const expected = Buffer.from(m[5], 'base64');
  const actual = await argon2Async('argon2id', {
    message: password,
    nonce: Buffer.from(m[4], 'base64'),
    memory: Number(m[1]),
    passes: Number(m[2]),
    parallelism: Number(m[3]),
    tagLength: expected.length,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function b64(buf: Buffer): string {
  return buf.toString('base64').replace(/=+$/, '');
}

/** A password meeting the policy: 20 random characters plus one of each class the policy asks for. */
export function generatePassword(): string {
  return `${randomBytes(15).toString('base64url')}aA1!`;
}
