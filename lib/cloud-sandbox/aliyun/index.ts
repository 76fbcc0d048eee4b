import { randomBytes } from 'node:crypto';
import type { CloudSandboxOptions, RunningCloudSandbox, SandboxCore } from '../core/contracts';
import { listenHttp } from '../core/http-listener';
import { createEcsServer } from './ecs-api.server';
import { EcsLifecycle } from './ecs.lifecycle';
import { EcsStore } from './ecs.state';

export const DEFAULT_REGION = 'cn-hangzhou';

/**
 * Starts the Aliyun ECS sandbox: an RPC endpoint that `@alicloud/ecs20140526` accepts
 * (`endpoint: "<host>:<port>", protocol: "http"`), one region with two zones, a VPC and a VSwitch
 * created up front, and a real host behind every instance. Resolves once it listens; `stop()`
 * closes the endpoint and the core (every VM process, sshd and timer).
 */
export async function startSandbox(options: CloudSandboxOptions, core: SandboxCore): Promise<RunningCloudSandbox> {
  const region = options.region ?? DEFAULT_REGION;
  const zone = options.zone ?? `${region}-h`;
  const store = new EcsStore(core, {
    region,
    zones: zone.endsWith('-i') ? [zone, `${region}-j`] : [zone, `${region}-i`],
  });
  const { vpc, vswitch } = store.ensureDefaultNetwork();
  const lifecycle = new EcsLifecycle(store, core);
  lifecycle.resume();
  const credential = {
    accessKeyId: options.accessKeyId ?? `LTAI${randomBytes(10).toString('hex')}`,
    secretAccessKey: options.secretAccessKey ?? randomBytes(15).toString('base64url'),
  };
  const server = createEcsServer({ store, lifecycle, core, credential });
  const listener = await listenHttp(server, options.host, options.port);
  return {
    info: {
      provider: 'aliyun',
      endpoint: `http://${listener.endpointHost}`,
      ...credential,
      region,
      zone,
      vpcId: vpc.id,
      subnetId: vswitch.id,
    },
    faults: core.faults,
    async stop() {
      await listener.close();
      await store.flush();
      await core.close();
    },
  };
}
