import { KubeApiError } from '../api/api-errors';
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf, isKubernetesProtobuf } from './k8s-protobuf.codec';

describe('Kubernetes protobuf bodies', () => {
  it('decodes a Secret wrapped in runtime.Unknown into its JSON shape', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'sh.helm.release.v1.x.v1',
        namespace: 'default',
        labels: { owner: 'helm' },
        creationTimestamp: '2026-01-02T03:04:05Z',
      },
      type: 'helm.sh/release.v1',
      data: { release: Buffer.from('payload').toString('base64') },
    };
    const body = encodeKubernetesProtobuf(secret);
    expect(isKubernetesProtobuf(body)).toBe(true);
    expect(decodeKubernetesProtobuf(body)).toEqual(secret);
  });

  it('decodes DeleteOptions', () => {
    const body = encodeKubernetesProtobuf({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      propagationPolicy: 'Background',
      preconditions: { uid: 'u-1' },
    });
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      propagationPolicy: 'Background',
      preconditions: { uid: 'u-1' },
    });
  });

  it('rejects other kinds with 415 and garbage with 400', () => {
    const pod = Buffer.concat([
      Buffer.from('k8s\0'),
      Buffer.from([0x0a, 0x0b, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x03, 0x50, 0x6f, 0x64, 0x12, 0x00]),
    ]);
    expect(() => decodeKubernetesProtobuf(pod)).toThrow(
      expect.objectContaining({ code: 'UnsupportedMediaType' }) as KubeApiError,
    );
    expect(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Secret"}'))).toThrow(
      expect.objectContaining({ code: 'BadRequest' }) as KubeApiError,
    );
  });
});
