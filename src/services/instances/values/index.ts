/** Values of instances: the user's overrides apart from chart defaults, merged, checked and compared. */
export {
  MAX_OVERRIDES_BYTES,
  isJsonObject,
  parseOverrides,
  type JsonValue,
  type ValueOverrides,
} from './value-overrides';
export { valuePath } from './value-path';
export { removedValueKeys } from './removed-value-keys';
export { chartDefaults, chartSchema, effectiveValues, validateValues, type EffectiveValues } from './chart-values';
export { nextOverrides, revisionValues, type OverridesSource, type RevisionValues } from './instance-values';
