/**
 * Values across an instance's operations — the one place these rules live:
 *
 * | operation                    | overrides of the new revision                                        |
 * | ---------------------------- | -------------------------------------------------------------------- |
 * | deploy                       | the given config (absent or null: none)                              |
 * | upgrade, config given        | the given config, whole (same version: a config-only upgrade)        |
 * | upgrade, no config           | the current overrides, unchanged                                     |
 * | updateInstanceConfig         | the given config, whole (required)                                   |
 * | rollback                     | the overrides recorded with the target revision                      |
 * | recover                      | the overrides recorded with the last revision                        |
 * | stop, start, delete, cease   | no new revision: nothing rendered, overrides unchanged               |
 *
 * A given config is never merged into the current overrides: it replaces them, so the stored
 * overrides are always exactly one config the user sent. The overrides are then coalesced onto the
 * defaults of the chart being rendered (the target version's), never onto an earlier chart's, and
 * checked against that chart's values.schema.json before anything is written or applied. Override
 * keys the target chart no longer has are kept (Helm keeps them too) and reported.
 */
import type { Chart } from '@marina/helm';
import type { ValidationFailure } from '../../errors';
import { chartDefaults, chartSchema, effectiveValues, validateValues, type EffectiveValues } from './chart-values';
import { removedValueKeys } from './removed-value-keys';
import { parseOverrides, type ValueOverrides } from './value-overrides';

/** Where the overrides of a new revision come from. */
export type OverridesSource =
  | { readonly action: 'deploy'; readonly config?: unknown }
  | { readonly action: 'upgrade'; readonly current: ValueOverrides; readonly config?: unknown }
  | { readonly action: 'update_config'; readonly config: unknown }
  | { readonly action: 'rollback' | 'recover'; readonly recorded: ValueOverrides };

/** The overrides a new revision renders with (see the table above); user configs are checked. */
export function nextOverrides(source: OverridesSource): ValueOverrides | ValidationFailure {
  switch (source.action) {
    case 'deploy':
      return parseOverrides(source.config);
    case 'upgrade':
      return source.config === undefined || source.config === null ? source.current : parseOverrides(source.config);
    case 'update_config':
      return parseOverrides(source.config ?? undefined);
    case 'rollback':
    case 'recover':
      return source.recorded;
  }
}

/** What a revision renders with and reports. */
export interface RevisionValues {
  /** Stored as the instance's and the revision's config. */
  readonly overrides: ValueOverrides;
  /** The merged values the templates see. */
  readonly effective: EffectiveValues;
  /** Override keys the chart has no place for (on the job's outcome and in previews). */
  readonly removedValueKeys: readonly string[];
}

/** The values of a revision of `chart` with `overrides`, or why the overrides do not suit the chart. */
export function revisionValues(chart: Chart, overrides: ValueOverrides): RevisionValues | ValidationFailure {
  const invalid = validateValues(chart, overrides);
  if (invalid) return invalid;
  return {
    overrides,
    effective: effectiveValues(chart, overrides),
    removedValueKeys: removedValueKeys(overrides, chartDefaults(chart), chartSchema(chart)),
  };
}
