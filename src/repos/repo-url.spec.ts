import { RepoError } from './repo-errors';
import { parseRepoUrl } from './repo-url';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof RepoError) return err.code;
    throw err;
  }
  return 'OK';
};

describe('parseRepoUrl', () => {
  it('parses QingStor, AWS and MinIO-style S3 URLs', () => {
    expect(parseRepoUrl('S3', 's3://s3.pek3b.qingstor.com/op-repo')).toEqual({
      kind: 's3',
      endpoint: 'https://s3.pek3b.qingstor.com',
      region: 'pek3b',
      bucket: 'op-repo',
      prefix: '',
      forcePathStyle: true,
      host: 's3.pek3b.qingstor.com',
    });
    expect(parseRepoUrl('S3', 's3://s3.eu-west-1.amazonaws.com/charts/stable/v2/')).toMatchObject({
      endpoint: undefined,
      region: 'eu-west-1',
      bucket: 'charts',
      prefix: 'stable/v2',
      forcePathStyle: false,
    });
    expect(parseRepoUrl('S3', 's3://minio.local:9000/charts/team')).toMatchObject({
      endpoint: 'http://minio.local:9000',
      region: 'us-east-1',
      bucket: 'charts',
      prefix: 'team',
      forcePathStyle: true,
      host: 'minio.local',
    });
    expect(parseRepoUrl('S3', 's3://storage.example.com:443/b0b')).toMatchObject({
      endpoint: 'https://storage.example.com:443',
    });
  });

  it('normalises HTTP base URLs to end with a slash', () => {
    expect(parseRepoUrl('HTTPS', 'https://charts.example.com/stable')).toEqual({
      kind: 'http',
      base: 'https://charts.example.com/stable/',
      host: 'charts.example.com',
    });
    expect(parseRepoUrl('HTTP', 'http://127.0.0.1:8080')).toMatchObject({ base: 'http://127.0.0.1:8080/' });
  });

  it.each([
    ['S3', 'not a url', 'BAD_URL'],
    ['S3', 's3://host/AB', 'BAD_URL'],
    ['S3', 's3://host/', 'BAD_URL'],
    ['S3', 's3://host/bucket/../x', 'BAD_URL'],
    ['HTTP', 'http://user:pw@host/', 'BAD_URL'],
    ['HTTP', 'http://host/?x=1', 'BAD_URL'],
    ['HTTP', 'https://host/', 'TYPE_MISMATCH'],
    ['HTTPS', 'http://host/', 'TYPE_MISMATCH'],
    ['S3', 'https://s3.pek3b.qingstor.com/b', 'TYPE_MISMATCH'],
  ] as const)('%s %s → %s', (type, url, code) => {
    expect(codeOf(() => parseRepoUrl(type, url))).toBe(code);
  });
});
