import { createIaasClient, IaasError, type IaasClient, type IaasProvider } from '../../drivers/iaas';
import { checkUrl, OutboundBlockedError, type SsrfPolicy } from '../../net';
import {
  credentialFailure,
  type CredentialCheck,
  type CredentialProblem,
  type CredentialValidator,
  type RuntimePlacement,
  type ZoneLocation,
} from './credential-check';
import type { OpenedCredential } from './credential-secret';

/** The region a credential is checked in when it names none. */
export const DEFAULT_REGION: Readonly<Record<IaasProvider, string>> = {
  AWS: 'us-east-1',
  ALIYUN: 'cn-hangzhou',
  QINGCLOUD: 'pek3',
};
/** At most this many regions are searched for a runtime's zone. */
const MAX_REGIONS_SEARCHED = 40;

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Each normalised IaaS error as the words a person reads first. */
const PROBLEM_OF: Readonly<Partial<Record<IaasError['code'], { problem: CredentialProblem; words: string }>>> = {
  BAD_CREDENTIALS: {
    problem: 'BAD_CREDENTIALS',
    words: 'bad credentials: the cloud rejected the access key or its secret',
  },
  FORBIDDEN: { problem: 'FORBIDDEN', words: 'forbidden: the access key may not list regions and zones' },
  UNREACHABLE: { problem: 'UNREACHABLE', words: 'unreachable: no answer from the endpoint' },
  WRONG_REGION: { problem: 'WRONG_REGION', words: 'wrong region' },
  THROTTLED: { problem: 'THROTTLED', words: 'throttled: the cloud asked to slow down; try again' },
};

/** Turns whatever an adapter threw into a failed check; rethrows programming errors. */
export function problemOf(err: unknown, endpoint: string | undefined): CredentialCheck & { ok: false } {
  if (err instanceof IaasError) {
    const known = PROBLEM_OF[err.code];
    const detail = `${err.providerCode ? `${err.providerCode}: ` : ''}${err.message}`;
    if (known) return credentialFailure(known.problem, `${known.words} (${detail})`);
    return credentialFailure('PROVIDER_ERROR', `the cloud refused the request (${detail})`);
  }
  const code =
    (err as NodeJS.ErrnoException | undefined)?.code ??
    (err as { cause?: NodeJS.ErrnoException } | undefined)?.cause?.code;
  if (code && NETWORK_ERRORS.has(code))
    return credentialFailure(
      'UNREACHABLE',
      `unreachable: cannot connect to ${endpoint ?? 'the default endpoint'} (${code})`,
    );
  throw err;
}

/** QingCloud, AWS and Aliyun credentials, checked through the IaaS adapters (regions, then zones). */
export class CloudCredentialValidator implements CredentialValidator {
  constructor(
    private readonly policy: SsrfPolicy,
    private readonly clientFor: typeof createIaasClient = createIaasClient,
  ) {}

  async validate(credential: OpenedCredential, region?: string): Promise<CredentialCheck> {
    const target = region ?? this.regionOf(credential);
    const refused = await this.endpointRefused(credential);
    if (refused) return refused;
    try {
      const client = this.client(credential, target);
      const regions = await client.describeRegions();
      if (!regions.includes(target)) {
        return credentialFailure(
          'WRONG_REGION',
          `wrong region: "${target}" is not a region of this account (regions: ${regions.join(', ') || 'none'})`,
        );
      }
      const zones = await client.describeZones();
      return {
        ok: true,
        message: `credentials accepted: ${zones.length} zone(s) in ${target}`,
        region: target,
        regions,
        zones,
      };
    } catch (err) {
      return problemOf(err, credential.endpoint);
    }
  }

  async locate(credential: OpenedCredential, placement: RuntimePlacement): Promise<ZoneLocation> {
    const home = await this.validate(credential);
    if (!home.ok) return { ok: false, errorCode: home.errorCode, path: 'credentialId', message: home.message };
    let region = home.zones.includes(placement.zone) ? home.region : undefined;
    for (const other of home.regions.filter((r) => r !== home.region).slice(0, MAX_REGIONS_SEARCHED)) {
      if (region) break;
      const check = await this.validate(credential, other);
      if (check.ok && check.zones.includes(placement.zone)) region = other;
    }
    if (!region)
      return {
        ok: false,
        errorCode: 'UNKNOWN_ZONE',
        path: 'zone',
        message: `zone "${placement.zone}" is not a zone of this account (zones of ${home.region}: ${home.zones.join(', ')})`,
      };
    return this.checkNetwork(credential, region, placement);
  }

  private async checkNetwork(
    credential: OpenedCredential,
    region: string,
    placement: RuntimePlacement,
  ): Promise<ZoneLocation> {
    if (!placement.vpcId && !placement.subnetId) return { ok: true, region };
    try {
      const client = this.client(credential, region);
      if (placement.vpcId && !(await client.describeVpcs()).some((v) => v.id === placement.vpcId)) {
        return {
          ok: false,
          errorCode: 'UNKNOWN_VPC',
          path: 'vpcId',
          message: `VPC "${placement.vpcId}" does not exist in ${region}`,
        };
      }
      if (placement.subnetId) {
        const subnet = (await client.describeSubnets(placement.vpcId)).find((s) => s.id === placement.subnetId);
        if (!subnet)
          return {
            ok: false,
            errorCode: 'UNKNOWN_SUBNET',
            path: 'subnetId',
            message: `subnet "${placement.subnetId}" does not exist${placement.vpcId ? ` in VPC ${placement.vpcId}` : ''} in ${region}`,
          };
        if (subnet.zone && subnet.zone !== placement.zone) {
          return {
            ok: false,
            errorCode: 'UNKNOWN_SUBNET',
            path: 'subnetId',
            message: `subnet "${placement.subnetId}" is in zone ${subnet.zone}, not ${placement.zone}`,
          };
        }
      }
      return { ok: true, region };
    } catch (err) {
      const failure = problemOf(err, credential.endpoint);
      return { ok: false, errorCode: failure.errorCode, path: 'credentialId', message: failure.message };
    }
  }

  private regionOf(credential: OpenedCredential): string {
    return credential.region ?? DEFAULT_REGION[credential.provider as IaasProvider];
  }

  /** The endpoint is checked against the outbound policy before every use (its DNS may have changed). */
  private async endpointRefused(credential: OpenedCredential): Promise<(CredentialCheck & { ok: false }) | undefined> {
    if (!credential.endpoint) return undefined;
    try {
      await checkUrl(credential.endpoint, this.policy);
      return undefined;
    } catch (err) {
      if (!(err instanceof OutboundBlockedError)) throw err;
      return credentialFailure('ENDPOINT_REFUSED', `endpoint refused: ${err.message}`);
    }
  }

  private client(credential: OpenedCredential, region: string): IaasClient {
    if (!('secretAccessKey' in credential.secret) || !credential.accessKeyId)
      throw new Error('a cloud credential without access keys reached the IaaS validator');
    return this.clientFor({
      provider: credential.provider as IaasProvider,
      endpoint: credential.endpoint,
      accessKeyId: credential.accessKeyId,
      secretAccessKey: credential.secret.secretAccessKey,
      region,
    });
  }
}
