import { RepoError } from './repo-errors';

export type RepoType = 'S3' | 'HTTP' | 'HTTPS';

/** Where an S3 repository lives. `prefix` has no leading or trailing slash ('' for the bucket root). */
export interface S3Location {
  readonly kind: 's3';
  /** Endpoint URL; undefined for AWS (the SDK derives it from the region). */
  readonly endpoint: string | undefined;
  readonly region: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly forcePathStyle: boolean;
  /** Host the client connects to (for the SSRF check). */
  readonly host: string;
}

/** Where an HTTP(S) repository lives. `base` always ends with '/'. */
export interface HttpLocation {
  readonly kind: 'http';
  readonly base: string;
  readonly host: string;
}

export type RepoLocation = S3Location | HttpLocation;

const SCHEME: Record<RepoType, string> = { S3: 's3:', HTTP: 'http:', HTTPS: 'https:' };
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const QINGSTOR = /^s3\.([a-z0-9-]+)\.qingstor\.com$/;
const AWS = /^s3[.-]([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

/**
 * Parses a repository URL for its declared type. S3 URLs: `s3://s3.<zone>.qingstor.com/<bucket>`
 * (QingStor), `s3://s3.<region>.amazonaws.com/<bucket>/<prefix>` (AWS), anything else
 * `s3://host[:port]/<bucket>/<prefix>` (MinIO-style: http, region us-east-1, path-style; port 443
 * means https). Throws RepoError BAD_URL or TYPE_MISMATCH.
 */
export function parseRepoUrl(type: RepoType, url: string): RepoLocation {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new RepoError('BAD_URL', `not a valid URL: ${JSON.stringify(url)}`);
  }
  if (!(type in SCHEME)) throw new RepoError('TYPE_MISMATCH', `unknown repository type ${JSON.stringify(type)}`);
  if (u.protocol !== SCHEME[type]) {
    throw new RepoError('TYPE_MISMATCH', `a ${type} repository needs a ${SCHEME[type]}// URL, got ${u.protocol}//`);
  }
  if (!u.hostname) throw new RepoError('BAD_URL', 'the URL has no host');
  if (u.username || u.password)
    throw new RepoError('BAD_URL', 'put credentials in the credential fields, not in the URL');
  if (u.search || u.hash) throw new RepoError('BAD_URL', 'a repository URL must not have a query or fragment');
  return type === 'S3'
    ? parseS3(u)
    : { kind: 'http', base: u.origin + u.pathname.replace(/\/*$/, '/'), host: u.hostname };
}

function parseS3(u: URL): S3Location {
  const [bucket = '', ...rest] = decodeURIComponent(u.pathname)
    .split('/')
    .filter((s) => s !== '');
  if (!BUCKET.test(bucket))
    throw new RepoError(
      'BAD_URL',
      `"${bucket}" is not a valid bucket name (3–63 lower-case letters, digits, '.', '-')`,
    );
  if (rest.some((s) => s === '.' || s === '..'))
    throw new RepoError('BAD_URL', 'the prefix must not contain . or .. segments');
  const prefix = rest.join('/');
  const host = u.hostname.toLowerCase();
  const qs = QINGSTOR.exec(host);
  if (qs) return { kind: 's3', endpoint: `https://${host}`, region: qs[1], bucket, prefix, forcePathStyle: true, host };
  const aws = AWS.exec(host);
  if (aws)
    return {
      kind: 's3',
      endpoint: undefined,
      region: aws[1],
      bucket,
      prefix,
      forcePathStyle: false,
      host: `s3.${aws[1]}.amazonaws.com${aws[2] ?? ''}`,
    };
  if (host === 's3.amazonaws.com')
    return { kind: 's3', endpoint: undefined, region: 'us-east-1', bucket, prefix, forcePathStyle: false, host };
  const scheme = u.port === '443' ? 'https' : 'http';
  return {
    kind: 's3',
    endpoint: `${scheme}://${u.host}`,
    region: 'us-east-1',
    bucket,
    prefix,
    forcePathStyle: true,
    host: u.hostname,
  };
}
