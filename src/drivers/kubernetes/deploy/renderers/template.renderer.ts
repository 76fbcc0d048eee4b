/**
 * The TEMPLATE AppRenderer (PRODUCT.md C3, seed 004): the version's YAML templates with their
 * `{{ VAR }}` placeholders filled — APP_NAME (the release name), NAMESPACE, DOCKER_IMAGE and the
 * declared variables from the operation's overrides, `secret` ones from the revision's sealed
 * values — then objects of API versions the cluster no longer serves converted to current ones
 * (../../convert, one warning each) or refused naming document and kind. One layer ("template");
 * no hooks. Problems are non-retryable DriverErrors: TEMPLATE_INVALID (the package), TEMPLATE_RENDER
 * (the values), UNSUPPORTED_API (conversion).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ArchiveFile } from '@marina/go-runtime';
import { AppVersion } from '../../../../entities/app-version.entity';
import { AppType } from '../../../../entities/enums';
import { DriverError } from '../../../../jobs/errors';
import { loadTemplatePackage, renderTemplatePackage } from '../../../../packages/template/template-package.loader';
import type { InstanceOperation } from '../../../../services/instances/instance-operation.types';
import { convertForCluster, servedBy, UnsupportedApiError } from '../../convert/api-conversion';
import type { KubeObject } from '../../kube-object.types';
import type { AppRenderer, RenderedApp } from '../app-renderer.types';

export interface TemplateRendererDeps {
  /** The files of a version's package (paths relative to its top directory). */
  files(em: EntityManager, version: AppVersion): Promise<readonly ArchiveFile[]>;
  /** The secret values of the operation's revision (empty when none, e.g. previews of a first deploy). */
  secretValues(em: EntityManager, op: InstanceOperation): Promise<Readonly<Record<string, string>>>;
}

export function templateRenderer(deps: TemplateRendererDeps): AppRenderer {
  return {
    type: AppType.TEMPLATE,
    async render({ conn, op, versionId, em }): Promise<RenderedApp> {
      const version = await em.findOne(AppVersion, versionId);
      if (!version) throw new DriverError('VERSION_NOT_FOUND', `app version ${versionId} does not exist`, false);
      const loaded = loadTemplatePackage(await deps.files(em, version));
      if (!loaded.ok)
        throw new DriverError('TEMPLATE_INVALID', `the template package is invalid: ${issues(loaded.issues)}`, false);
      const values = { ...textValues(op.overrides), ...(await deps.secretValues(em, op)) };
      const out = renderTemplatePackage(loaded.pkg, values, { APP_NAME: op.releaseName, NAMESPACE: op.namespace });
      if (!out.ok) throw new DriverError('TEMPLATE_RENDER', `cannot render the template: ${issues(out.issues)}`, false);
      // plain JSON objects (the YAML parser may leave null-prototype maps)
      const objects = out.objects.map((o) => JSON.parse(JSON.stringify(o)) as KubeObject);
      let converted;
      try {
        converted = convertForCluster(objects, servedBy(await conn.apiVersions()));
      } catch (err) {
        if (err instanceof UnsupportedApiError)
          throw new DriverError('UNSUPPORTED_API', `cannot deploy to this cluster: ${err.message}`, false);
        throw err;
      }
      const meta = loaded.pkg.metadata;
      return {
        chart: { name: meta.name, version: meta.version, appVersion: version.appVersion ?? meta.version },
        layers: [{ name: 'template', objects: converted.objects }],
        hooks: [],
        notes: '',
        removedValueKeys: [],
        warnings: converted.warnings,
      };
    },
  };
}

function textValues(overrides: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(overrides ?? {}))
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  return out;
}

function issues(list: readonly { path: string; message: string }[]): string {
  return list.map((i) => `${i.path}: ${i.message}`).join('; ');
}
