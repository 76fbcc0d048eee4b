/**
 * @marina/kube-sandbox — a wire-compatible Kubernetes API server with simulated controllers, which
 * real kubectl, helm and @kubernetes/client-node accept. Depends on no application code. See
 * README.md.
 *
 * `clientNode` is @kubernetes/client-node as this CommonJS code loads it (`require(esm)`), for
 * callers that drive the sandbox through the real client.
 */
import kubeSandboxModule = require('./kube-sandbox');
import apiErrorsModule = require('./api/api-errors');
import clientNodeLoaderModule = require('./schema/client-node.loader');

// kube-sandbox
export import startKubeSandbox = kubeSandboxModule.startKubeSandbox;
export import defaultSimulation = kubeSandboxModule.defaultSimulation;
export type { KubeSandbox, KubeSandboxOptions } from './kube-sandbox';

// controllers/controller.types
export type { SimulationSettings } from './controllers/controller.types';

// store/store.types
export type { ObjectStore, ObjectKey, StoreEvent, StoreListener, Subscription } from './store/store.types';

// api/api-errors
export import KubeApiError = apiErrorsModule.KubeApiError;

// api/kube-object.types
export type { KubeObject } from './api/kube-object.types';

// schema/client-node.loader
export import clientNode = clientNodeLoaderModule.clientNode;
export type { ClientNodeModule } from './schema/client-node.loader';
