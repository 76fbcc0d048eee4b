import { releaseNameProblem, releaseSecretName } from './release-name';

describe('release names', () => {
  it.each(['web', 'a', 'my-app.v2', '0abc', 'a'.repeat(53)])('accepts %s', (n) => {
    expect(releaseNameProblem(n)).toBeNull();
  });
  it.each(['', 'Web', '-web', 'web-', 'we_b', 'a..b', 'a'.repeat(54), 'web.', 'wéb'])('refuses "%s"', (n) => {
    expect(releaseNameProblem(n)).toMatch(n === '' ? 'no name provided' : /^invalid release name, .* longer than 53$/);
  });
  it('names the storage Secret', () => {
    expect(releaseSecretName('web', 12)).toBe('sh.helm.release.v1.web.v12');
  });
});
