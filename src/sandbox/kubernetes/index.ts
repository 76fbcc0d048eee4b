/** Kubernetes API sandbox: a wire-compatible API server with simulated controllers. */
export { startKubeSandbox, defaultSimulation, type KubeSandbox, type KubeSandboxOptions } from './kube-sandbox';
export type { SimulationSettings } from './controllers/controller.types';
export type { ObjectStore, ObjectKey, StoreEvent, StoreListener, Subscription } from './store/store.types';
export { KubeApiError } from './api/api-errors';
