export type * from './contracts';
export {
  createSandboxCore,
  DEFAULT_BOOT_DELAY_MS,
  DEFAULT_IMAGE,
  DEFAULT_QUOTAS,
  type LocalSandboxCore,
} from './sandbox-core';
export { LocalVmHostPool, type HostRecord } from './vm-host-pool';
export { listenHttp, type HttpListener } from './http-listener';
export { VM_MARK_ENV } from './process-tracker';
export { isRunning, markedPids } from './process-tracker';
export { listeningAddresses } from './address-allocator';
