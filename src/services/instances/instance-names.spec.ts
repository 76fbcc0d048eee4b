import { releaseNameProblem, RELEASE_NAME_MAX } from './instance-names';

describe('releaseNameProblem', () => {
  it.each(['web', 'redis-1', 'a', 'my.app-2', '0abc'])('accepts %s', (name) => {
    expect(releaseNameProblem(name)).toBeUndefined();
  });

  it.each(['', 'Web', 'web_1', '-web', 'web-', 'a..b', 'a b', 'x'.repeat(RELEASE_NAME_MAX + 1), 'web.'])(
    'refuses %j',
    (name) => {
      expect(releaseNameProblem(name)).toMatchObject({ path: 'name' });
    },
  );

  it('accepts the longest name helm accepts', () => {
    expect(releaseNameProblem('x'.repeat(RELEASE_NAME_MAX))).toBeUndefined();
  });
});
