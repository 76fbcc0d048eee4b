/** What the composed renderer's pure parts share. */
import type { ComposedDefinition } from '../../../packages/composed/composed.types';

export interface ComposedRenderContext {
  /** The instance (release) name: the prefix of every object but Services. */
  readonly release: string;
  readonly namespace: string;
  /** The definition with the instance's overrides applied. */
  readonly definition: ComposedDefinition;
  /**
   * A credential of a generated Secret: the live value when the Secret exists (so re-rendering is
   * deterministic and upgrades never rotate passwords), else a new one. Same answer for the same key.
   */
  credential(secretName: string, key: string): string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonMap = { [key: string]: Json };
