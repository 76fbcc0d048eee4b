import type { IdempotencyRegistry } from './contracts';

export interface TokenRecord {
  readonly scope: string;
  readonly token: string;
  readonly paramsDigest: string;
  readonly resultIds: readonly string[];
}

/**
 * Client tokens per scope (e.g. `RunInstances`, `CreateVolume`): the first record wins; a later
 * lookup with the same token and digest returns its ids, with another digest `'mismatch'`.
 * Records are plain data so the sandbox's state file can carry them across restarts.
 */
export class TokenRegistry implements IdempotencyRegistry {
  private readonly records = new Map<string, TokenRecord>();

  constructor(
    initial: readonly TokenRecord[] = [],
    private readonly onChange: () => void = () => undefined,
  ) {
    for (const r of initial) this.records.set(TokenRegistry.key(r.scope, r.token), r);
  }

  private static key(scope: string, token: string): string {
    return `${scope}\u0000${token}`;
  }

  lookup(
    scope: string,
    token: string,
    paramsDigest: string,
  ): { resultIds: readonly string[] } | 'mismatch' | undefined {
    const found = this.records.get(TokenRegistry.key(scope, token));
    if (!found) return undefined;
    return found.paramsDigest === paramsDigest ? { resultIds: found.resultIds } : 'mismatch';
  }

  record(scope: string, token: string, paramsDigest: string, resultIds: readonly string[]): void {
    const key = TokenRegistry.key(scope, token);
    if (this.records.has(key)) return;
    this.records.set(key, { scope, token, paramsDigest, resultIds: [...resultIds] });
    this.onChange();
  }

  snapshot(): TokenRecord[] {
    return [...this.records.values()];
  }
}
