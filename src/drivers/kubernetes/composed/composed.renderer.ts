/**
 * The COMPOSED AppRenderer: the version's app.json with the instance's overrides applied, rendered
 * into one layer per step of the edge order (./composed-render.ts). Generated credentials are read
 * back from the live Secrets, so a re-render (upgrade, retry, preview) produces the same objects and
 * passwords never rotate behind a running database; only Secrets that do not exist yet get new
 * random values. Hooks and notes do not exist for composed apps.
 */
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ArchiveFile } from '@marina/go-runtime';
import { AppType } from '../../../entities/enums';
import { DriverError } from '../../../jobs/errors';
import { layerNames } from '../../../packages/composed/composed-graph';
import { applyComposedOverrides } from '../../../packages/composed/composed-overrides';
import { loadComposedPackage } from '../../../packages/composed/composed-package.loader';
import type { AppRenderer, RenderedApp } from '../deploy/app-renderer.types';
import type { KubeConnection } from '../kube-connection.types';
import { renderComposed } from './composed-render';
import type { ComposedRenderContext } from './composed-render.types';

export interface ComposedRendererDeps {
  /** The version's package files, relative to its top-level directory. */
  packageFiles(em: EntityManager, versionId: string): Promise<readonly ArchiveFile[]>;
}

const problems = (issues: readonly { path: string; message: string }[]) =>
  issues.map((i) => `${i.path}: ${i.message}`).join('; ');

export function composedRenderer(deps: ComposedRendererDeps): AppRenderer {
  return {
    type: AppType.COMPOSED,
    async render({ conn, op, em, versionId }): Promise<RenderedApp> {
      const loaded = loadComposedPackage(await deps.packageFiles(em, versionId));
      if (!loaded.ok)
        throw new DriverError('INVALID_PACKAGE', `the composed package is invalid: ${problems(loaded.issues)}`, false);
      const applied = applyComposedOverrides(loaded.pkg.document, op.overrides);
      if (!applied.ok)
        throw new DriverError(
          'INVALID_CONFIG',
          `the instance's parameters are invalid: ${problems(applied.issues)}`,
          false,
        );
      const definition = applied.definition;
      const names = layerNames(definition);
      if (op.layers && op.layers.join('\n') !== names.join('\n'))
        throw new DriverError(
          'LAYERS_CHANGED',
          `the job was planned for layers ${op.layers.join(' → ')} but the version renders ${names.join(' → ')}`,
          false,
        );
      const base = { release: op.releaseName, namespace: op.namespace, definition };
      const wanted = new Set<string>();
      renderComposed({ ...base, credential: (secret) => (wanted.add(secret), '') });
      const live = await liveSecrets(conn, op.namespace, [...wanted]);
      const layers = renderComposed({ ...base, credential: credentials(live) });
      const m = loaded.pkg.metadata;
      return {
        chart: { name: m.name, version: m.version, appVersion: m.appVersion ?? '' },
        layers,
        hooks: [],
        notes: '',
        removedValueKeys: [],
        warnings: [],
      };
    },
  };
}

/** Decoded data of the Secrets that exist, by name. */
async function liveSecrets(
  conn: KubeConnection,
  namespace: string,
  names: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  const found = await Promise.all(names.map((name) => conn.get({ apiVersion: 'v1', kind: 'Secret', name, namespace })));
  const out = new Map<string, Record<string, string>>();
  found.forEach((secret, i) => {
    const data = (secret?.data ?? {}) as Record<string, string>;
    out.set(
      names[i],
      Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])),
    );
  });
  return out;
}

/** Live values first; otherwise a random 24-character password, the same for repeated asks. */
function credentials(live: Map<string, Record<string, string>>): ComposedRenderContext['credential'] {
  const made = new Map<string, string>();
  return (secret, key) => {
    const existing = live.get(secret)?.[key];
    if (existing) return existing;
    const id = `${secret}/${key}`;
    if (!made.has(id)) made.set(id, randomBytes(18).toString('base64url'));
    return made.get(id)!;
  };
}
