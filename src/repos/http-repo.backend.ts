import type { Resolver, SsrfPolicy } from '../net';
import type { RepoCredential, RepoReader } from './repo-backend';
import { httpGet } from './http-get';
import { RepoError } from './repo-errors';
import type { HttpLocation } from './repo-url';

/** Default cap for one file read from an HTTP repository (index.yaml can be large). */
export const HTTP_READ_LIMIT = 64 * 1024 * 1024;

/** A read-only HTTP(S) repository (optionally behind basic auth). */
export class HttpRepoBackend implements RepoReader {
  constructor(
    readonly location: HttpLocation,
    private readonly policy: SsrfPolicy,
    private readonly credential: RepoCredential = {},
    private readonly resolver?: Resolver,
  ) {}

  async read(path: string, maxBytes = HTTP_READ_LIMIT): Promise<Buffer | null> {
    return this.fetch(new URL(path, this.location.base).toString(), maxBytes);
  }

  resolve(url: string): { relative: string } | { absolute: string } {
    return { absolute: new URL(url, this.location.base).toString() };
  }

  /** GETs an absolute URL under the same policy and credentials; null on 404. */
  async fetch(url: string, maxBytes = HTTP_READ_LIMIT): Promise<Buffer | null> {
    const auth = this.credential.username !== undefined ? { username: this.credential.username, password: this.credential.password ?? '' } : undefined;
    const res = await httpGet(url, { policy: this.policy, resolver: this.resolver, auth, maxBytes });
    if (res.status === 404 || res.status === 410) return null;
    if (res.status === 401 || res.status === 403) throw new RepoError('ACCESS_DENIED', `${url} answered ${res.status}: check the repository credentials`);
    if (res.status < 200 || res.status > 299) throw new RepoError('UNREACHABLE', `${url} answered HTTP ${res.status}`);
    return res.body;
  }
}
