/**
 * Length limits (UTF-16 code units) of free-text arguments and input fields, by name; the README's
 * "Limits" section lists the same table. Anything not named here gets DEFAULT_STRING_LIMIT.
 * JSON arguments (configs, values) are limited by their serialised size.
 */
export const STRING_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  username: 64,
  email: 254,
  password: 4096,
  currentPassword: 4096,
  newPassword: 4096,
  refreshToken: 4096,
  name: 256,
  companyName: 256,
  contact: 512,
  website: 2048,
  url: 2048,
  home: 2048,
  abstraction: 1024,
  description: 4096,
  message: 4096,
  changelog: 16384,
  readme: 65536,
  search: 256,
  after: 512,
  keywords: 64,
  customRoles: 64,
  permissions: 64,
  role: 64,
  namespace: 253,
  zone: 128,
  accessKeyId: 256,
  secretAccessKey: 1024,
  kubeconfig: 262144,
});

export const DEFAULT_STRING_LIMIT = 1024;

/** Serialised JSON size limit of a JSON argument (bytes of its JSON text). */
export const JSON_ARGUMENT_LIMIT = 256 * 1024;

export function stringLimit(name: string): number {
  return STRING_LIMITS[name] ?? DEFAULT_STRING_LIMIT;
}
