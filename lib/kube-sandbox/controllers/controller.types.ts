import type { KubeObject } from '../api/kube-object.types';
import type { ResourceRegistry } from '../api/resource.registry';
import type { ResourceService } from '../core/resource.service';
import type { ObjectStore, StoreEvent } from '../store/store.types';

/** Behaviour knobs of the simulated cluster. */
export interface SimulationSettings {
  /** Delay between a pod being scheduled and becoming Running + Ready. */
  podReadyDelayMs: number;
  /** How long a Job pod runs before it completes (or fails). */
  jobPodDurationMs: number;
  /** Names of the simulated nodes (DaemonSets put one pod on each). */
  nodeNames: string[];
  /** Images matching this never pull (ImagePullBackOff). */
  failImagePattern: RegExp;
  /** Images matching this start and crash repeatedly (CrashLoopBackOff). */
  crashImagePattern: RegExp;
  /** Delay between crash-loop restarts. */
  crashRestartDelayMs: number;
  /** First address handed to LoadBalancer services and ingresses (last octet increments). */
  loadBalancerIpBase: string;
}

/**
 * What a controller may use. Controllers observe through `store.subscribe` (never writing from
 * inside the callback) and act only through `api`, so every write gets the same validation,
 * defaulting, resourceVersion and managedFields handling as a client's.
 */
export interface ControllerContext {
  readonly api: ResourceService;
  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  readonly settings: SimulationSettings;
  now(): number;
}

/** One simulated controller. `start` subscribes; `stop` releases timers and subscriptions. */
export interface Controller {
  readonly name: string;
  start(ctx: ControllerContext): void;
  stop(): void;
}

export type EventFilter = (e: StoreEvent) => boolean;
export type ObjectPredicate = (o: Readonly<KubeObject>) => boolean;
