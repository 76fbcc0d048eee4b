import { IaasError, type IaasClient, type IaasCredential } from '../../drivers/iaas';
import { Provider } from '../../entities/enums';
import { parseAllowList } from '../../net';
import { CloudCredentialValidator, problemOf } from './cloud-credential.validator';
import type { OpenedCredential } from './credential-secret';

/** A cloud seen through the adapter interface: two regions, each with its zones and one VPC. */
function cloud(fail?: unknown): { clientFor: (c: IaasCredential) => IaasClient; asked: string[] } {
  const asked: string[] = [];
  const zones: Record<string, string[]> = { 'r-1': ['r-1a', 'r-1b'], 'r-2': ['r-2a'] };
  const clientFor = (c: IaasCredential): IaasClient => {
    const call = async <T>(value: T): Promise<T> => {
      if (fail) throw fail;
      return value;
    };
    return {
      provider: c.provider,
      describeRegions: () => (asked.push(`regions@${c.region}`), call(Object.keys(zones))),
      describeZones: () => (asked.push(`zones@${c.region}`), call(zones[c.region] ?? [])),
      describeVpcs: () => call([{ id: `vpc-${c.region}`, name: 'default' }]),
      describeSubnets: () =>
        call([{ id: `sub-${c.region}`, name: 'default', vpcId: `vpc-${c.region}`, zone: zones[c.region]?.[0] }]),
    } as unknown as IaasClient;
  };
  return { clientFor, asked };
}

const credential: OpenedCredential = {
  provider: Provider.AWS,
  accessKeyId: 'AKID',
  region: 'r-1',
  endpoint: 'http://10.0.0.5:8080',
  secret: { secretAccessKey: 's' },
  trusted: false,
};
const policy = parseAllowList(['10.0.0.0/8']);

describe('CloudCredentialValidator', () => {
  it("lists the regions and the zones of the credential's region", async () => {
    const { clientFor } = cloud();
    expect(await new CloudCredentialValidator(policy, clientFor).validate(credential)).toEqual({
      ok: true,
      message: 'credentials accepted: 2 zone(s) in r-1',
      region: 'r-1',
      regions: ['r-1', 'r-2'],
      zones: ['r-1a', 'r-1b'],
    });
  });

  it('reports a region the account does not have as a wrong region', async () => {
    const check = await new CloudCredentialValidator(policy, cloud().clientFor).validate({
      ...credential,
      region: 'r-9',
    });
    expect(check).toMatchObject({
      ok: false,
      errorCode: 'WRONG_REGION',
      message: 'wrong region: "r-9" is not a region of this account (regions: r-1, r-2)',
    });
  });

  it('refuses an endpoint outside the outbound policy before calling the cloud', async () => {
    const { clientFor, asked } = cloud();
    const check = await new CloudCredentialValidator(parseAllowList([]), clientFor).validate(credential);
    expect(check).toMatchObject({ ok: false, errorCode: 'ENDPOINT_REFUSED' });
    expect(asked).toEqual([]);
  });

  it('finds the region of a zone in another region, and checks VPC and subnet there', async () => {
    const v = new CloudCredentialValidator(policy, cloud().clientFor);
    expect(await v.locate(credential, { zone: 'r-2a', vpcId: 'vpc-r-2', subnetId: 'sub-r-2' })).toEqual({
      ok: true,
      region: 'r-2',
    });
    expect(await v.locate(credential, { zone: 'r-1b' })).toEqual({ ok: true, region: 'r-1' });
    expect(await v.locate(credential, { zone: 'r-3a' })).toMatchObject({
      ok: false,
      errorCode: 'UNKNOWN_ZONE',
      path: 'zone',
    });
    expect(await v.locate(credential, { zone: 'r-1a', vpcId: 'vpc-r-2' })).toMatchObject({
      ok: false,
      errorCode: 'UNKNOWN_VPC',
      path: 'vpcId',
    });
    expect(await v.locate(credential, { zone: 'r-1b', vpcId: 'vpc-r-1', subnetId: 'sub-r-1' })).toMatchObject({
      ok: false,
      errorCode: 'UNKNOWN_SUBNET',
      message: 'subnet "sub-r-1" is in zone r-1a, not r-1b',
    });
  });

  it.each([
    [
      new IaasError('BAD_CREDENTIALS', 'AuthFailure', 'key rejected'),
      'BAD_CREDENTIALS',
      'bad credentials: the cloud rejected the access key or its secret (AuthFailure: key rejected)',
    ],
    [
      new IaasError('UNREACHABLE', '', 'connect ECONNREFUSED'),
      'UNREACHABLE',
      'unreachable: no answer from the endpoint (connect ECONNREFUSED)',
    ],
    [
      new IaasError('WRONG_REGION', 'InvalidRegion', 'no such region'),
      'WRONG_REGION',
      'wrong region (InvalidRegion: no such region)',
    ],
    [
      new IaasError('FORBIDDEN', 'Forbidden.RAM', 'denied'),
      'FORBIDDEN',
      'forbidden: the access key may not list regions and zones (Forbidden.RAM: denied)',
    ],
    [
      new IaasError('QUOTA_EXCEEDED', 'InstanceLimitExceeded', 'too many'),
      'PROVIDER_ERROR',
      'the cloud refused the request (InstanceLimitExceeded: too many)',
    ],
    [
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'UNREACHABLE',
      'unreachable: cannot connect to http://x (ECONNREFUSED)',
    ],
  ])('maps %p to %s', (err, code, message) => {
    expect(problemOf(err, 'http://x')).toEqual({ ok: false, errorCode: code, message, regions: [], zones: [] });
  });

  it('rethrows what is not a cloud or network failure', () => {
    expect(() => problemOf(new TypeError('bug'), undefined)).toThrow('bug');
  });
});
