import { ValidationFailure } from '../errors';
import { configFileSpec, loadBalancerSpec, quantityBytes, volumeSpec } from './resource-input';

describe('runtime resource input', () => {
  it('config files: DNS names, file-name keys, at least one file, at most 1 MiB', () => {
    expect(configFileSpec('web-conf', { 'a.conf': 'x', 'b_c-d.txt': '' })).toEqual({
      name: 'web-conf',
      data: { 'a.conf': 'x', 'b_c-d.txt': '' },
    });
    const bad = configFileSpec('Web', { 'a/b': 'x' }) as ValidationFailure;
    expect(bad.details.map((d) => d.path)).toEqual(['name', 'data.a/b']);
    expect(configFileSpec('ok', {})).toBeInstanceOf(ValidationFailure);
    expect(configFileSpec('ok', { a: 1 })).toBeInstanceOf(ValidationFailure);
    expect(configFileSpec('ok', { a: 'x'.repeat(1024 * 1024) })).toBeInstanceOf(ValidationFailure);
  });

  it('volumes: a positive quantity, optional class, known access mode', () => {
    expect(quantityBytes('2Gi')).toBe(2 * 1024 ** 3);
    expect(quantityBytes('500M')).toBe(500e6);
    expect(quantityBytes('2 GB')).toBeUndefined();
    expect(volumeSpec({ name: 'data', size: '2Gi' })).toEqual({
      name: 'data',
      size: '2Gi',
      storageClass: null,
      accessMode: 'ReadWriteOnce',
    });
    expect(volumeSpec({ name: 'data', size: '0' })).toBeInstanceOf(ValidationFailure);
    expect(volumeSpec({ name: 'data', size: '100Pi' })).toBeInstanceOf(ValidationFailure);
    expect(volumeSpec({ name: 'data', size: '1Gi', accessMode: 'Everyone' })).toBeInstanceOf(ValidationFailure);
  });

  it('L4: ports in range, nodePort only off ClusterIP and in 30000–32767, default selector', () => {
    const spec = loadBalancerSpec({ name: 'web', layer: 'L4', ports: [{ port: 80 }] }, { app: 'x' });
    expect(spec).toEqual({
      layer: 'L4',
      name: 'web',
      serviceType: 'ClusterIP',
      ports: [{ name: 'tcp-80', port: 80, targetPort: 80, nodePort: null, protocol: 'TCP' }],
      selector: { app: 'x' },
    });
    const bad = loadBalancerSpec(
      {
        name: 'web',
        layer: 'L4',
        ports: [
          { port: 0, nodePort: 30080 },
          { port: 81, protocol: 'SCTP' },
        ],
      },
      { app: 'x' },
    ) as ValidationFailure;
    expect(bad.details.map((d) => d.path)).toEqual(['ports.0.port', 'ports.0.nodePort', 'ports.1.protocol']);
    expect(loadBalancerSpec({ name: 'web', layer: 'L4', ports: [] }, { app: 'x' })).toBeInstanceOf(ValidationFailure);
    expect(
      loadBalancerSpec({ name: 'web', layer: 'L4', serviceType: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }, {}),
    ).toBeInstanceOf(ValidationFailure);
  });

  it('L7: hosts and paths checked; ports belong to L4', () => {
    const ok = loadBalancerSpec(
      {
        name: 'web',
        layer: 'L7',
        rules: [{ host: 'a.example.com', paths: [{ path: '/', serviceName: 'web', servicePort: 80 }] }],
      },
      {},
    );
    expect(ok).toMatchObject({ layer: 'L7', rules: [{ host: 'a.example.com' }] });
    const bad = loadBalancerSpec(
      {
        name: 'web',
        layer: 'L7',
        ports: [{ port: 80 }],
        rules: [{ host: 'A B', paths: [{ path: 'x', serviceName: 'web', servicePort: 80 }] }],
      },
      {},
    ) as ValidationFailure;
    expect(bad.details.map((d) => d.path)).toEqual(['rules.0.host', 'rules.0.paths.0.path', 'ports']);
  });
});
