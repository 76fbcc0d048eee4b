import { JobEngineConfigError } from './errors';
import type { Processor } from './job.types';

/** Task action → processor. Registration is explicit; a duplicate is a configuration error. */
export class ProcessorRegistry {
  private readonly processors = new Map<string, Processor>();

  register(action: string, processor: Processor): void {
    if (this.processors.has(action)) {
      throw new JobEngineConfigError(
        'PROCESSOR_ALREADY_REGISTERED',
        `A processor for "${action}" is already registered`,
      );
    }
    this.processors.set(action, processor);
  }

  get(action: string): Processor | undefined {
    return this.processors.get(action);
  }

  actions(): string[] {
    return [...this.processors.keys()];
  }
}
