import type { LoadedPackage } from '../../packages/package-loader';
import type { VmPackageMetadata } from '../../packages/vm/vm-types';
import type { VmPackage } from '../../packages/vm/vm-package.loader';
import type { HelmPackageSummary } from '../../packages/package-loader';
import type { TemplatePackage } from '../../packages/template/template-package.loader';
import type { ComposedPackage } from '../../packages/composed/composed-package.loader';
import type { IndexFormat } from './repo-index.types';
import { goTimestamp, type WritableEntry } from './repo-index.write';

/** Joins a base URL and a file name like Helm's urlutil.URLJoin; a relative name when no base. */
export function joinUrl(baseUrl: string | undefined, file: string): string {
  if (!baseUrl) return file;
  try {
    const u = new URL(baseUrl);
    u.pathname = `${u.pathname.replace(/\/+$/, '')}/${file}`.replace(/\/{2,}/g, '/');
    return u.toString();
  } catch {
    return `${baseUrl.replace(/\/+$/, '')}/${file}`;
  }
}

/** The index format a package belongs in: VM packages in OpenPitrix's, charts and templates in Helm's. */
export function indexFormatOf(pkg: LoadedPackage): IndexFormat {
  return pkg.format === 'vm' ? 'vm' : 'helm';
}

/** Builds the index entry for a package archive stored as `fileName` (relative to the repo root). */
export function entryForPackage(
  pkg: LoadedPackage,
  digest: string,
  fileName: string,
  baseUrl: string | undefined,
  created = new Date(),
): WritableEntry {
  return {
    name: pkg.name,
    version: pkg.version,
    metadata: metadataOf(pkg),
    urls: [joinUrl(baseUrl, fileName)],
    created: goTimestamp(created),
    digest,
  };
}

function metadataOf(pkg: LoadedPackage): Record<string, unknown> {
  switch (pkg.format) {
    case 'helm':
      return { ...(pkg.detail as HelmPackageSummary).metadata };
    case 'vm':
      return vmMetadata((pkg.detail as VmPackage).metadata);
    default: {
      const m = (pkg.detail as TemplatePackage | ComposedPackage).metadata;
      // Template and composed packages live in Helm-format indexes, marked so consoles and sync know their type.
      return omitEmpty({
        apiVersion: 'v2',
        name: m.name,
        version: m.version,
        description: m.description,
        annotations: { 'marina.io/package-type': pkg.format },
      });
    }
  }
}

/** package.json fields in OpenPitrix's snake_case, empty ones omitted (Go `omitempty`). */
function vmMetadata(m: VmPackageMetadata): Record<string, unknown> {
  return omitEmpty({
    api_version: m.apiVersion,
    name: m.name,
    version: m.version,
    app_version: m.appVersion,
    description: m.description,
    home: m.home,
    icon: m.icon,
    maintainers: m.maintainers.length > 0 ? m.maintainers : undefined,
    screenshots: m.screenshots.length > 0 ? m.screenshots : undefined,
    keywords: m.keywords.length > 0 ? m.keywords : undefined,
    sources: m.sources.length > 0 ? m.sources : undefined,
  });
}

function omitEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}
