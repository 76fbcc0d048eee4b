import type { Controller } from './controller.types';
import { CrdController } from './crd.controller';
import { GarbageCollectorController } from './garbage-collector.controller';
import { NamespaceController } from './namespace.controller';

/** The controllers every sandbox cluster runs. */
export function defaultControllers(): Controller[] {
  return [new NamespaceController(), new GarbageCollectorController(), new CrdController()];
}
