import { randomBytes, randomUUID } from 'node:crypto';

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** A random 5-character suffix from the apiserver's alphabet (no vowels, no confusable digits). */
export function randomSuffix(length = 5): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += suffixAlphabet[b % suffixAlphabet.length];
  return out;
}

/** `generateName` + suffix, trimmed so the result stays within 63 characters. */
export function generateNameFrom(prefix: string): string {
  const maxPrefix = 63 - 5;
  return `${prefix.length > maxPrefix ? prefix.slice(0, maxPrefix) : prefix}${randomSuffix()}`;
}

export const newUid = (): string => randomUUID();

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Messages (apiserver wording) for a name that is not a DNS-1123 subdomain; empty when valid. */
export function subdomainErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 253) errs.push('must be no more than 253 characters');
  if (!dns1123Subdomain.test(name)) {
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  return errs;
}

/** Messages for a name that is not a DNS-1123 label (namespaces, services); empty when valid. */
export function labelErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 63) errs.push('must be no more than 63 characters');
  if (!dns1123Label.test(name)) {
    errs.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return errs;
}

/** RFC 3339 timestamp with second precision, as the apiserver writes `metav1.Time`. */
export function nowTimestamp(clock: () => number = Date.now): string {
  return new Date(Math.floor(clock() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
