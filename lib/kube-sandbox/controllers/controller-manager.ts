import type { Controller, ControllerContext } from './controller.types';

/** Starts and stops a set of controllers together. */
export class ControllerManager {
  private started: Controller[] = [];

  constructor(private readonly controllers: Controller[]) {}

  start(ctx: ControllerContext): void {
    for (const c of this.controllers) {
      c.start(ctx);
      this.started.push(c);
    }
  }

  stop(): void {
    for (const c of this.started.reverse()) c.stop();
    this.started = [];
  }
}
