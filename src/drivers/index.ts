/**
 * Runtime drivers by provider. Only workers use them (they receive decrypted targets). The VM
 * clouds register here when their drivers implement RuntimeDriver; until then `driverFor`
 * returns null for them and callers report the provider as not supported for deployment.
 */
import type { Provider } from '../entities/enums';
import { Provider as Providers } from '../entities/enums';
import { KubernetesDriver, type KubernetesDriverOptions } from './kubernetes/kubernetes.driver';
import type { RuntimeDriver } from './runtime-driver.types';

export type { RuntimeDriver, RuntimeTarget } from './runtime-driver.types';
export { KubernetesDriver, type KubeConnector, type KubernetesDriverOptions } from './kubernetes/kubernetes.driver';

/** What the drivers need from the process (built once per worker). */
export interface DriverOptions {
  readonly kubernetes: KubernetesDriverOptions;
}

/** One driver per provider, built once from `opts`. */
export class DriverRegistry {
  private readonly drivers = new Map<Provider, RuntimeDriver<unknown, unknown>>();

  constructor(opts: DriverOptions) {
    this.drivers.set(Providers.KUBERNETES, new KubernetesDriver(opts.kubernetes) as RuntimeDriver<unknown, unknown>);
  }

  /** The driver of `provider`, or null when none is available yet. */
  driverFor(provider: Provider): RuntimeDriver<unknown, unknown> | null {
    return this.drivers.get(provider) ?? null;
  }

  /** The Kubernetes driver, typed. */
  get kubernetes(): KubernetesDriver {
    return this.drivers.get(Providers.KUBERNETES) as unknown as KubernetesDriver;
  }
}
