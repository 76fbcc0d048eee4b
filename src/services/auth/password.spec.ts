import { checkPasswordPolicy, hashPassword, verifyPassword } from './password';

describe('password policy', () => {
  it('accepts a password meeting every rule', () => {
    expect(checkPasswordPolicy('Str0ng!Passw')).toEqual([]);
  });

  it.each([
    ['Sh0rt!a', ['min_length']],
    ['alllowercase1!', ['uppercase']],
    ['ALLUPPERCASE1!', ['lowercase']],
    ['NoDigitsHere!!', ['digit']],
    ['NoSpecial12345', ['special']],
    ['abc', ['min_length', 'uppercase', 'digit', 'special']],
  ])('%s fails %j', (password, rules) => {
    expect(checkPasswordPolicy(password).map((f) => f.rule)).toEqual(rules);
  });
});

describe('argon2id hashing', () => {
  it('verifies the right password and rejects others', async () => {
    const hash = await hashPassword('Str0ng!Passw');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(verifyPassword('Str0ng!Passw', hash)).resolves.toBe(true);
    await expect(verifyPassword('Str0ng!Passx', hash)).resolves.toBe(false);
    await expect(verifyPassword('Str0ng!Passw', 'garbage')).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('Str0ng!Passw')).not.toBe(await hashPassword('Str0ng!Passw'));
  });
});
