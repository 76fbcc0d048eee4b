import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestLoaders } from '../data/loaders/request-loaders';
import type { Actor } from '../services/auth/actor';
import { unauthenticated } from '../services/errors';
import type { Services } from './services';

/** Per-request (or per-subscription-operation) GraphQL context. */
export interface RequestContext {
  /** A forked EntityManager: its identity map lives for this request only. */
  readonly em: EntityManager;
  readonly actor: Actor | undefined;
  readonly requestId: string;
  readonly services: Services;
  /** Batch loaders limited to what the actor may read. */
  readonly loaders: RequestLoaders;
  /** Users the caller just proved to be (login/register/refresh), whose private fields it may read without an actor. */
  readonly authenticatedAs: Set<string>;
  /** The client's address (X-Forwarded-For through MARINA_TRUST_PROXY_HOPS proxies; else the socket's peer). */
  readonly clientAddress: string;
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
}
