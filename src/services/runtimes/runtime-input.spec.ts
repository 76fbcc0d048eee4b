import { Provider } from '../../entities/enums';
import { checkCredentialInput, checkRuntimeInput } from './runtime-input';

const paths = (problems: { path: string }[]) => problems.map((p) => p.path).sort();

describe('checkCredentialInput', () => {
  const cloud = { name: 'c', provider: Provider.AWS, accessKeyId: 'AKID', secretAccessKey: 's' };

  it('accepts cloud keys with an optional http(s) endpoint and region', () => {
    expect(checkCredentialInput({ ...cloud, endpoint: 'https://ec2.example.com', region: 'us-east-1' })).toEqual([]);
  });

  it('names every missing or misplaced field', () => {
    expect(paths(checkCredentialInput({ name: ' ', provider: Provider.QINGCLOUD, kubeconfig: 'x' }))).toEqual([
      'accessKeyId',
      'kubeconfig',
      'name',
      'secretAccessKey',
    ]);
    expect(
      paths(checkCredentialInput({ name: 'k', provider: Provider.KUBERNETES, accessKeyId: 'a', secretAccessKey: 's' })),
    ).toEqual(['accessKeyId', 'kubeconfig', 'secretAccessKey']);
  });

  it('refuses endpoints that are not http(s) URLs and malformed regions', () => {
    expect(paths(checkCredentialInput({ ...cloud, endpoint: 'file:///etc/passwd', region: 'us east' }))).toEqual([
      'endpoint',
      'region',
    ]);
  });

  it('bounds lengths', () => {
    expect(checkCredentialInput({ ...cloud, name: 'n'.repeat(129) })[0]).toEqual({
      path: 'name',
      message: 'is longer than 128 characters',
    });
  });
});

describe('checkRuntimeInput', () => {
  const base = { name: 'rt', provider: Provider.ALIYUN, credentialId: 'x', zone: 'cn-hangzhou-b' };

  it('accepts a cloud runtime with a zone and optional network and labels', () => {
    expect(
      checkRuntimeInput({ ...base, vpcId: 'vpc-1', subnetId: 'vsw-1', labels: { team: 'a' } }, Provider.ALIYUN),
    ).toEqual([]);
  });

  it("needs a zone for clouds and the credential's provider", () => {
    expect(paths(checkRuntimeInput({ ...base, zone: undefined }, Provider.AWS))).toEqual(['provider', 'zone']);
  });

  it('refuses cloud fields on Kubernetes runtimes, bad labels and bad ids', () => {
    expect(
      paths(
        checkRuntimeInput({ ...base, provider: Provider.KUBERNETES, vpcId: 'v', labels: [1] }, Provider.KUBERNETES),
      ),
    ).toEqual(['labels', 'vpcId', 'zone']);
    expect(paths(checkRuntimeInput({ ...base, subnetId: 'sub net' }, Provider.ALIYUN))).toEqual(['subnetId']);
  });

  it('takes a Kubernetes namespace that is a DNS label, and refuses an endpoint beside a kubeconfig', () => {
    const kube = { name: 'k', provider: Provider.KUBERNETES, credentialId: 'x' };
    expect(checkRuntimeInput({ ...kube, namespace: 'team-a' }, Provider.KUBERNETES)).toEqual([]);
    expect(checkRuntimeInput(kube, Provider.KUBERNETES)).toEqual([]);
    for (const bad of ['Team', 'a_b', '-a', 'a'.repeat(64), ''])
      expect(paths(checkRuntimeInput({ ...kube, namespace: bad }, Provider.KUBERNETES))).toEqual(['namespace']);
    expect(
      paths(checkCredentialInput({ name: 'k', provider: Provider.KUBERNETES, kubeconfig: 'x', endpoint: 'https://a' })),
    ).toEqual(['endpoint']);
  });
});
