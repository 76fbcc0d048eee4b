import type { Resolver, SsrfPolicy } from '../net';
import type { ConditionalRead, RepoCredential, RepoReader } from './repo-backend';
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

  async readIfChanged(path: string, etag: string | undefined): Promise<ConditionalRead> {
    const url = new URL(path, this.location.base).toString();
    const res = await httpGet(url, {
      policy: this.policy,
      resolver: this.resolver,
      auth: this.auth(),
      maxBytes: HTTP_READ_LIMIT,
      ifNoneMatch: etag,
    });
    if (res.status === 304) return { notModified: true };
    return { notModified: false, data: this.check(url, res.status) ? res.body : null, etag: res.etag };
  }

  resolve(url: string): { relative: string } | { absolute: string } {
    return { absolute: new URL(url, this.location.base).toString() };
  }

  /** GETs an absolute URL under the same policy and credentials; null on 404. */
  async fetch(url: string, maxBytes = HTTP_READ_LIMIT): Promise<Buffer | null> {
    const res = await httpGet(url, { policy: this.policy, resolver: this.resolver, auth: this.auth(), maxBytes });
    return this.check(url, res.status) ? res.body : null;
  }

  private auth(): { username: string; password: string } | undefined {
    return this.credential.username !== undefined
      ? { username: this.credential.username, password: this.credential.password ?? '' }
      : undefined;
  }

  /** True for success, false for "not found"; throws for everything else. */
  private check(url: string, status: number): boolean {
    if (status === 404 || status === 410) return false;
    if (status === 401 || status === 403)
      throw new RepoError('ACCESS_DENIED', `${url} answered ${status}: check the repository credentials`);
    if (status < 200 || status > 299) throw new RepoError('UNREACHABLE', `${url} answered HTTP ${status}`);
    return true;
  }
}
