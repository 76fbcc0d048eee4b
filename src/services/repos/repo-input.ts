import { Provider, RepoType, VersionStatus, Visibility } from '../../entities/enums';
import type { RepoCredential } from '../../repos/repo-backend';
import type { FieldProblem } from '../errors';

/** Periodic syncs run at most this often; 0 means manual only. */
export const MIN_SYNC_PERIOD_SECONDS = 180;
/** Longest accepted period (one year). */
export const MAX_SYNC_PERIOD_SECONDS = 365 * 24 * 3600;

/** What a caller gives to validate or create a repo (the fields of CreateRepoInput). */
export interface RepoInput {
  readonly name: string;
  readonly description?: string | null;
  readonly type: RepoType;
  readonly url: string;
  readonly credential?: RepoCredentialInputValue | null;
  readonly providers: readonly Provider[];
  readonly visibility?: Visibility | null;
  readonly syncPeriodSeconds?: number | null;
  readonly appDefaultStatus?: VersionStatus | null;
}

export interface RepoCredentialInputValue {
  readonly accessKeyId?: string | null;
  readonly secretAccessKey?: string | null;
  readonly username?: string | null;
  readonly password?: string | null;
}

const NAME = /^[^\u0000-\u001f\u007f]{1,128}$/u;
const MAX_SECRET = 1024;

/** Field problems of a repo input (empty when it is well-formed); reachability is checked separately. */
export function checkRepoInput(input: RepoInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  if (!NAME.test(name)) problems.push({ path: 'name', message: 'name must be 1 to 128 printable characters' });
  if ((input.description ?? '').length > 2048)
    problems.push({ path: 'description', message: 'description must be at most 2048 characters' });
  if (input.url.length > 2048) problems.push({ path: 'url', message: 'url must be at most 2048 characters' });
  if (input.providers.length === 0)
    problems.push({
      path: 'providers',
      message:
        'at least one provider is required (KUBERNETES for Helm charts; QINGCLOUD, AWS or ALIYUN for VM packages)',
    });
  if (new Set(input.providers).size !== input.providers.length)
    problems.push({ path: 'providers', message: 'providers must not repeat' });
  if (input.providers.includes(Provider.KUBERNETES) && input.providers.length > 1) {
    problems.push({
      path: 'providers',
      message: 'a repo holds either Helm charts (KUBERNETES) or VM packages (QINGCLOUD, AWS, ALIYUN), not both',
    });
  }
  const period = input.syncPeriodSeconds ?? 0;
  if (
    !Number.isInteger(period) ||
    period < 0 ||
    (period > 0 && period < MIN_SYNC_PERIOD_SECONDS) ||
    period > MAX_SYNC_PERIOD_SECONDS
  ) {
    problems.push({
      path: 'syncPeriodSeconds',
      message: `syncPeriodSeconds must be 0 (manual) or between ${MIN_SYNC_PERIOD_SECONDS} and ${MAX_SYNC_PERIOD_SECONDS}`,
    });
  }
  const status = input.appDefaultStatus;
  if (status && status !== VersionStatus.DRAFT && status !== VersionStatus.ACTIVE) {
    problems.push({ path: 'appDefaultStatus', message: 'appDefaultStatus must be DRAFT or ACTIVE' });
  }
  for (const [key, value] of Object.entries(input.credential ?? {})) {
    if (typeof value === 'string' && value.length > MAX_SECRET)
      problems.push({ path: `credential.${key}`, message: `must be at most ${MAX_SECRET} characters` });
  }
  return problems;
}

/** The credential fields that matter for the repo type (S3 keys, or HTTP basic auth); undefined when none. */
export function credentialFor(
  type: RepoType,
  input: RepoCredentialInputValue | null | undefined,
): RepoCredential | undefined {
  if (!input) return undefined;
  const pick = (v: string | null | undefined) => (v ? v : undefined);
  const cred: RepoCredential =
    type === RepoType.S3
      ? { accessKeyId: pick(input.accessKeyId?.trim()), secretAccessKey: pick(input.secretAccessKey) }
      : { username: pick(input.username), password: pick(input.password) };
  return Object.values(cred).some((v) => v !== undefined) ? cred : undefined;
}

/** Index dialect the providers call for: Helm for KUBERNETES, OpenPitrix VM otherwise. */
export function indexFormatFor(providers: readonly Provider[]): 'helm' | 'vm' {
  return providers.includes(Provider.KUBERNETES) ? 'helm' : 'vm';
}
