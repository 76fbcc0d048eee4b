import { randomBytes } from 'node:crypto';
import type { CloudSandboxOptions, RunningCloudSandbox, SandboxCore } from '../core/contracts';
import { listenHttp } from '../core/http-listener';
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
  const store = new QcStore(core, {
    region,
    zones: zone === `${region}a` ? [zone, `${region}b`] : [zone, `${region}a`],
  });
  const { router, vxnet } = store.ensureDefaultNetwork();
  const lifecycle = new QcLifecycle(store, core);
  lifecycle.resume();
  const credential = {
    accessKeyId: options.accessKeyId ?? `QY${randomBytes(9).toString('hex').toUpperCase()}`,
    secretAccessKey: options.secretAccessKey ?? randomBytes(30).toString('base64url'),
  };
  const server = createQingCloudServer({ store, lifecycle, core, credential });
  const listener = await listenHttp(server, options.host, options.port);
  return {
    info: {
      provider: 'qingcloud',
      endpoint: `http://${listener.endpointHost}`,
      ...credential,
      region,
      zone,
      vpcId: router.id,
      subnetId: vxnet.id,
    },
    faults: core.faults,
    async stop() {
      await listener.close();
      await store.flush();
      await core.close();
    },
  };
}
