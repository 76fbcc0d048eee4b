/**
 * The renderer registry of the deploy pipeline: one AppRenderer per app type, looked up by the
 * `render` task (and previews) from the operation's `appType` (HELM when absent: jobs created
 * before other types deployed). Registration is one line per type in the deploy wiring.
 */
import { AppType } from '../../../../entities/enums';
import { DriverError } from '../../../../jobs/errors';
import type { AppRenderer } from '../app-renderer.types';

export class AppRenderers {
  private readonly byType = new Map<AppType, AppRenderer>();

  constructor(renderers: readonly AppRenderer[]) {
    for (const r of renderers) {
      if (this.byType.has(r.type)) throw new Error(`two renderers for app type ${r.type}`);
      this.byType.set(r.type, r);
    }
  }

  /** The renderer of `type`; a non-retryable NO_RENDERER DriverError when none is registered. */
  of(type: AppType | undefined): AppRenderer {
    const renderer = this.byType.get(type ?? AppType.HELM);
    if (!renderer)
      throw new DriverError('NO_RENDERER', `${type} apps cannot be rendered for Kubernetes (no renderer)`, false);
    return renderer;
  }

  /** App types with a renderer. */
  types(): AppType[] {
    return [...this.byType.keys()];
  }
}
