/**
 * Secret values of an instance revision (TEMPLATE `secret` variables): sealed with the platform's
 * SecretBox into `instance_revisions.sealed_values`, bound to the instance and revision, written by
 * the API when the revision is created and opened only by the worker that renders it. They are
 * never in Instance.config, revision config, job inputs or GraphQL answers.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { InstanceRevision } from '../../entities/instance-revision.entity';
import type { SecretBox } from '../secrets/secret-box';

export type SecretValues = Readonly<Record<string, string>>;

const aadOf = (instanceId: string, revision: number) => `instance_revision:${instanceId}:${revision}`;

export function sealSecretValues(box: SecretBox, instanceId: string, revision: number, values: SecretValues): string {
  return box.seal(JSON.stringify(values), aadOf(instanceId, revision));
}

/**
 * The secret values of the newest revision ≤ `revision` of the instance that has any (upgrades
 * carry them over; a preview of the next revision sees the current one's); empty when none.
 */
export async function storedSecretValues(
  em: EntityManager,
  box: SecretBox,
  instanceId: string,
  revision: number,
): Promise<SecretValues> {
  if (!instanceId) return {};
  const rows = await em.find(
    InstanceRevision,
    { instance: instanceId, revision: { $lte: revision }, sealedValues: { $ne: null } },
    { orderBy: { revision: 'desc' }, limit: 1, fields: ['revision', 'sealedValues'] },
  );
  const row = rows[0];
  if (!row?.sealedValues) return {};
  return JSON.parse(box.open(row.sealedValues, aadOf(instanceId, row.revision))) as SecretValues;
}
