import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { NameTakenFailure, nameTakenOnConflict } from './errors';

describe('nameTakenOnConflict', () => {
  const taken = () => new NameTakenFailure('taken');

  it('passes the result of a write through', async () => {
    await expect(nameTakenOnConflict(async () => 'row', taken)).resolves.toBe('row');
  });

  it('turns a unique-constraint violation into the NameTakenFailure and rethrows anything else', async () => {
    await expect(
      nameTakenOnConflict(async () => {
        throw new UniqueConstraintViolationException(new Error('duplicate key'));
      }, taken),
    ).resolves.toBeInstanceOf(NameTakenFailure);
    await expect(
      nameTakenOnConflict(async () => {
        throw new Error('connection lost');
      }, taken),
    ).rejects.toThrow('connection lost');
  });
});
