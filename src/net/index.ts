/** Outbound connection safety: the SSRF policy and its enforcement. */
export { deniedRange, normalizeIp, type DeniedRangeKind } from './ip-ranges';
export {
  addressAllowed,
  DEFAULT_READ_DEADLINE_MS,
  hostAllowed,
  parseAllowList,
  SsrfPolicyError,
  STRICT_POLICY,
  type SsrfPolicy,
} from './ssrf-policy';
export {
  checkHost,
  checkUrl,
  guardedLookup,
  OutboundBlockedError,
  systemResolver,
  type OutboundErrorCode,
  type Resolver,
} from './ssrf-guard';
