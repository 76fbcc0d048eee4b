import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { CloudSandboxOptions, RunningCloudSandbox, SandboxCore } from '../core/contracts';
import { createQingCloudServer } from './qingcloud-api.server';
import { QcLifecycle } from './qingcloud.lifecycle';
import { QcStore } from './qingcloud.state';

export const DEFAULT_REGION = 'pek3';

/**
 * Starts the QingCloud sandbox: the IaaS API at `<endpoint>/iaas/`, one region zone (pek3) with the
 * zones pek3a and pek3b, a VPC router with a vxnet created up front, and a real host behind every
 * instance. Resolves once it listens; `stop()` closes the endpoint and the core.
 */
export async function startSandbox(options: CloudSandboxOptions, core: SandboxCore): Promise<RunningCloudSandbox> {
  const region = options.region ?? DEFAULT_REGION;
  const zone = options.zone ?? `${region}a`;
  const store = new QcStore(core, { region, zones: zone === `${region}a` ? [zone, `${region}b`] : [zone, `${region}a`] });
  const { router, vxnet } = store.ensureDefaultNetwork();
  const lifecycle = new QcLifecycle(store, core);
  lifecycle.resume();
  const credential = {
    accessKeyId: options.accessKeyId ?? `QY${randomBytes(9).toString('hex').toUpperCase()}`,
    secretAccessKey: options.secretAccessKey ?? randomBytes(30).toString('base64url'),
  };
  const server = createQingCloudServer({ store, lifecycle, core, credential });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    info: { provider: 'qingcloud', endpoint: `http://${host}:${port}`, ...credential, region, zone, vpcId: router.id, subnetId: vxnet.id },
    faults: core.faults,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.flush();
      await core.close();
    },
  };
}
