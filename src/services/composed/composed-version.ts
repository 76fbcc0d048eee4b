/**
 * What the instance service reads of a COMPOSED version without touching its package: the
 * definition (app.json as written) is kept in the version's metadata (`composition`) whenever its
 * package is stored, so planning a deploy (the layer names) and checking an instance's parameters
 * happen in the API transaction without reading blobs.
 */
import type { AppVersion } from '../../entities/app-version.entity';
import { AppType } from '../../entities/enums';
import { parseComposedDefinition } from '../../packages/composed/composed-definition.parse';
import { layerNames } from '../../packages/composed/composed-graph';
import { applyComposedOverrides } from '../../packages/composed/composed-overrides';
import { ValidationFailure } from '../errors';
import { packageFailure } from '../apps/package-metadata';

/** app.json of a COMPOSED version as stored with it; null for other types. */
export function compositionOf(version: AppVersion): unknown {
  if (version.type !== AppType.COMPOSED) return null;
  return version.metadata?.composition ?? null;
}

/** The deploy layer names of a COMPOSED version (for `InstanceOperation.layers`); undefined for other types. */
export function composedLayersOf(version: AppVersion): string[] | undefined {
  if (version.type !== AppType.COMPOSED) return undefined;
  const parsed = parseComposedDefinition(compositionOf(version));
  return parsed.ok ? layerNames(parsed.definition) : undefined;
}

/** Why `overrides` do not suit the composed version (every problem named), or null. */
export function checkComposedConfig(
  version: AppVersion,
  overrides: Readonly<Record<string, unknown>>,
): ValidationFailure | null {
  const applied = applyComposedOverrides(compositionOf(version), overrides);
  if (applied.ok) return null;
  const failure = packageFailure(applied.issues);
  return new ValidationFailure(
    `Invalid config: ${applied.issues[0].path}: ${applied.issues[0].message}`,
    failure.details,
    'INVALID_CONFIG',
  );
}
