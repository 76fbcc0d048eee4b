/**
 * Collects what a transaction wants published and hands it over once the *root* transaction
 * commits (dropped on rollback). Keyed by MikroORM's root transaction object, so nested
 * `em.transactional` calls (savepoints) accumulate into their outermost transaction.
 */
import type { EntityManager, EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import type { ReviewStage } from '../entities/enums';

/** What a committed transaction announces. */
export interface CommitEffects {
  readonly instanceEventIds: Set<string>;
  readonly jobIds: Set<string>;
  /** Version audit row id → the review stages its notification concerns. */
  readonly versionNotices: Map<string, readonly ReviewStage[]>;
}

export function emptyEffects(): CommitEffects {
  return { instanceEventIds: new Set(), jobIds: new Set(), versionNotices: new Map() };
}

/**
 * MikroORM marks a nested transaction with an own symbol property `parentTransaction`
 * (knex/AbstractSqlConnection). Walk it up to the root; unknown shapes are their own root.
 */
export function rootTransaction(trx: object): object {
  let current: object = trx;
  for (let depth = 0; depth < 64; depth++) {
    const symbol = Object.getOwnPropertySymbols(current).find((s) => s.description === 'parentTransaction');
    const parent = symbol ? (current as Record<symbol, unknown>)[symbol] : undefined;
    if (!parent || typeof parent !== 'object') return current;
    current = parent;
  }
  return current;
}

/** Event subscriber that calls `flush` with the effects of each committed root transaction. */
export class AfterCommitCollector implements EventSubscriber {
  private readonly pending = new WeakMap<object, CommitEffects>();

  constructor(private readonly flush: (effects: CommitEffects) => Promise<void>) {}

  /** The effects list of `em`'s current root transaction, or undefined outside a transaction. */
  effectsOf(em: EntityManager): CommitEffects | undefined {
    const trx = em.getTransactionContext<object>();
    if (!trx) return undefined;
    const root = rootTransaction(trx);
    let effects = this.pending.get(root);
    if (!effects) {
      effects = emptyEffects();
      this.pending.set(root, effects);
    }
    return effects;
  }

  async afterTransactionCommit(args: TransactionEventArgs): Promise<void> {
    const trx = args.transaction as object | undefined;
    const effects = trx ? this.pending.get(trx) : undefined;
    if (!trx || !effects) return;
    this.pending.delete(trx);
    await this.flush(effects);
  }

  afterTransactionRollback(args: TransactionEventArgs): void {
    const trx = args.transaction as object | undefined;
    if (trx) this.pending.delete(trx);
  }
}
