import type { StoreEvent, Subscription } from '../store/store.types';
import { ClusterClient } from './cluster-client';
import type { Controller, ControllerContext } from './controller.types';
import { WorkQueue } from './work-queue';

/**
 * Base of the simulated controllers: store events are mapped to keys (`onEvent`), keys are
 * reconciled later from a deduplicating queue (`reconcile`), and `resync` enqueues what already
 * exists when the controller starts (state loaded from a file).
 */
export abstract class QueueController implements Controller {
  abstract readonly name: string;
  protected ctx!: ControllerContext;
  protected client!: ClusterClient;
  protected queue!: WorkQueue;
  private subscription?: Subscription;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.client = new ClusterClient(ctx, this.fieldManager());
    this.queue = new WorkQueue(this.name, (key) => this.reconcile(key));
    this.subscription = ctx.store.subscribe((e) => this.onEvent(e));
    this.resync();
  }

  stop(): void {
    this.subscription?.close();
    this.queue?.stop();
  }

  /** Field manager recorded for this controller's writes. */
  protected fieldManager(): string {
    return `sandbox-${this.name}-controller`;
  }

  protected abstract onEvent(e: StoreEvent): void;
  protected abstract reconcile(key: string): void;
  protected resync(): void {}
}
