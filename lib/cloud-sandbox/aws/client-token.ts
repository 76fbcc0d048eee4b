/**
 * EC2 client tokens, for every action that takes one: the same token with the same parameters
 * returns the first call's resources; with other parameters it is IdempotentParameterMismatch.
 * The parameters compared are all but Action, Version and the token itself.
 */
import type { Ec2Context } from './ec2.context';
import { Ec2Fault, ec2Faults } from './ec2.errors';
import type { QueryParams } from './query.parser';

export interface ClientToken {
  readonly token?: string;
  readonly digest: string;
  /** The ids the first call with this token created, when there was one. */
  readonly earlier?: readonly string[];
}

export function readClientToken(scope: string, params: QueryParams, ctx: Ec2Context): ClientToken {
  const token = params.get('ClientToken');
  const digest = params.digest(['Action', 'Version', 'ClientToken']);
  if (token === undefined) return { digest };
  if (token.length > 64) throw ec2Faults.invalidValue('clientToken', token, 'Length exceeds 64 characters.');
  const known = ctx.core.tokens.lookup(scope, token, digest);
  if (known === 'mismatch')
    throw new Ec2Fault(
      'IdempotentParameterMismatch',
      'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).',
    );
  return { token, digest, earlier: known?.resultIds };
}

export function recordClientToken(scope: string, token: ClientToken, ids: readonly string[], ctx: Ec2Context): void {
  if (token.token !== undefined) ctx.core.tokens.record(scope, token.token, token.digest, ids);
}
