import { ValidationFailure } from '../errors';
import { appTextChanges } from './app-edit.input';

describe('appTextChanges', () => {
  it('keeps only the fields given, trimmed; "" clears an optional field; keywords deduplicated', () => {
    expect(
      appTextChanges({
        name: ' Redis ',
        description: '',
        home: 'https://redis.io',
        keywords: [' cache ', 'cache', '', 'db'],
        readme: null,
      }),
    ).toEqual({ name: 'Redis', description: undefined, home: 'https://redis.io', keywords: ['cache', 'db'] });
    expect(appTextChanges({})).toEqual({});
  });

  it('reports every problem with its path', () => {
    const result = appTextChanges({
      name: '   ',
      home: 'javascript:alert(1)',
      abstraction: 'x'.repeat(1025),
      keywords: Array.from({ length: 33 }, (_, i) => `k${i}`),
    });
    expect(result).toBeInstanceOf(ValidationFailure);
    expect((result as ValidationFailure).details).toEqual([
      { path: 'name', message: 'name must not be empty' },
      { path: 'abstraction', message: 'abstraction must be at most 1024 characters' },
      { path: 'home', message: 'home must be an http(s) URL' },
      { path: 'keywords', message: 'at most 32 keywords' },
    ]);
    expect(appTextChanges({ home: 'not a url' })).toMatchObject({
      details: [{ path: 'home', message: 'home must be an absolute http(s) URL' }],
    });
  });
});
