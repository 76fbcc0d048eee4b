import { loadConfig } from './config';

describe('loadConfig: image limits', () => {
  it('defaults to 96×96 px and 20 KiB icons, 4096 px / 8 Mi pixels / 2 MiB screenshots', () => {
    expect(loadConfig({}).images).toEqual({
      icon: { maxBytes: 20480, maxWidth: 96, maxHeight: 96, maxPixels: 9216 },
      screenshot: { maxBytes: 2097152, maxWidth: 4096, maxHeight: 4096, maxPixels: 8388608 },
    });
  });

  it('takes the limits from the environment', () => {
    const { images } = loadConfig({
      MARINA_ICON_MAX_SIZE: '512',
      MARINA_ICON_MAX_BYTES: '524288',
      MARINA_SCREENSHOT_MAX_SIZE: '2048',
      MARINA_SCREENSHOT_MAX_PIXELS: '1000000',
      MARINA_SCREENSHOT_MAX_BYTES: '1000',
    });
    expect(images.icon).toEqual({ maxBytes: 524288, maxWidth: 512, maxHeight: 512, maxPixels: 262144 });
    expect(images.screenshot).toEqual({ maxBytes: 1000, maxWidth: 2048, maxHeight: 2048, maxPixels: 1000000 });
  });
});

describe('loadConfig: job engine timings', () => {
  it('defaults to a 5 s heartbeat and reaping after 30 s', () => {
    expect(loadConfig({})).toMatchObject({ jobHeartbeatMs: 5000, jobStaleAfterMs: 30000 });
  });

  it('takes them from the environment', () => {
    const config = loadConfig({ MARINA_JOB_HEARTBEAT_MS: '200', MARINA_JOB_STALE_AFTER_MS: '1500' });
    expect(config).toMatchObject({ jobHeartbeatMs: 200, jobStaleAfterMs: 1500 });
  });
});

describe('loadConfig: frontgate etcd programs', () => {
  it('defaults to etcd and etcdctl on the PATH', () => {
    expect(loadConfig({}).frontgateEtcd).toEqual({ binary: 'etcd', ctlBinary: 'etcdctl' });
  });

  it('looks for etcdctl beside a configured etcd path unless MARINA_ETCDCTL_BINARY says otherwise', () => {
    expect(loadConfig({ MARINA_ETCD_BINARY: '/opt/etcd/bin/etcd' }).frontgateEtcd).toEqual({
      binary: '/opt/etcd/bin/etcd',
      ctlBinary: '/opt/etcd/bin/etcdctl',
    });
    expect(
      loadConfig({ MARINA_ETCD_BINARY: '/opt/etcd/bin/etcd', MARINA_ETCDCTL_BINARY: '/usr/bin/etcdctl' }).frontgateEtcd
        .ctlBinary,
    ).toBe('/usr/bin/etcdctl');
  });
});
