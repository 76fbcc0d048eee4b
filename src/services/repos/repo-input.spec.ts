import { Provider, RepoType, VersionStatus } from '../../entities/enums';
import { checkRepoInput, credentialFor, indexFormatFor, type RepoInput } from './repo-input';

const base: RepoInput = {
  name: 'charts',
  type: RepoType.HTTPS,
  url: 'https://charts.example.com',
  providers: [Provider.KUBERNETES],
};
const paths = (input: Partial<RepoInput>) => checkRepoInput({ ...base, ...input }).map((p) => p.path);

describe('checkRepoInput', () => {
  it('accepts a well-formed repo', () => {
    expect(paths({})).toEqual([]);
    expect(paths({ syncPeriodSeconds: 0 })).toEqual([]);
    expect(paths({ syncPeriodSeconds: 180, appDefaultStatus: VersionStatus.DRAFT })).toEqual([]);
  });

  it('enforces the 180 s floor of periodic syncs (0 = manual)', () => {
    expect(paths({ syncPeriodSeconds: 179 })).toEqual(['syncPeriodSeconds']);
    expect(paths({ syncPeriodSeconds: 1 })).toEqual(['syncPeriodSeconds']);
    expect(paths({ syncPeriodSeconds: -5 })).toEqual(['syncPeriodSeconds']);
    expect(paths({ syncPeriodSeconds: 180.5 })).toEqual(['syncPeriodSeconds']);
  });

  it('names every other bad field', () => {
    expect(paths({ name: '' })).toEqual(['name']);
    expect(paths({ name: 'a\nb' })).toEqual(['name']);
    expect(paths({ providers: [] })).toEqual(['providers']);
    expect(paths({ providers: [Provider.AWS, Provider.AWS] })).toEqual(['providers']);
    expect(paths({ providers: [Provider.KUBERNETES, Provider.AWS] })).toEqual(['providers']);
    expect(paths({ appDefaultStatus: VersionStatus.PASSED })).toEqual(['appDefaultStatus']);
    expect(paths({ credential: { password: 'x'.repeat(2000) } })).toEqual(['credential.password']);
  });
});

describe('credentialFor', () => {
  it('keeps the fields of the repo type only, and nothing when empty', () => {
    const all = { accessKeyId: ' AK ', secretAccessKey: 'SK', username: 'u', password: 'p' };
    expect(credentialFor(RepoType.S3, all)).toEqual({ accessKeyId: 'AK', secretAccessKey: 'SK' });
    expect(credentialFor(RepoType.HTTP, all)).toEqual({ username: 'u', password: 'p' });
    expect(credentialFor(RepoType.HTTP, { accessKeyId: 'AK' })).toBeUndefined();
    expect(credentialFor(RepoType.S3, null)).toBeUndefined();
  });
});

describe('indexFormatFor', () => {
  it('KUBERNETES repos hold Helm charts, cloud providers VM packages', () => {
    expect(indexFormatFor([Provider.KUBERNETES])).toBe('helm');
    expect(indexFormatFor([Provider.QINGCLOUD, Provider.AWS])).toBe('vm');
  });
});
