import type { ArchiveFile } from '@marina/go-runtime';

/** The package kinds Marina loads. */
export type PackageFormat = 'helm' | 'vm' | 'template' | 'composed';

/**
 * Detects a package's format from its files (paths relative to the package directory):
 * Chart.yaml → Helm chart; package.json with `"type": "template"` → template package; with
 * `"type": "composed"` (or, without a type, beside an app.json and no VM files) → composed app;
 * package.json with config.json or a cluster template → OpenPitrix VM package. Null when
 * nothing matches. Only package.json's `type` is looked at, so detection never fails on content.
 */
export function detectPackageFormat(files: readonly ArchiveFile[]): PackageFormat | null {
  const paths = new Set(files.map((f) => f.path));
  if (paths.has('Chart.yaml')) return 'helm';
  const pkg = files.find((f) => f.path === 'package.json');
  const type = pkg ? declaredType(pkg.data) : undefined;
  if (type === 'template') return 'template';
  if (type === 'composed') return 'composed';
  if (paths.has('cluster.json.tmpl') || paths.has('cluster.json.mustache') || paths.has('config.json')) return 'vm';
  if (pkg && paths.has('app.json')) return 'composed';
  return pkg ? 'vm' : null;
}

function declaredType(data: Buffer): string | undefined {
  try {
    const json: unknown = JSON.parse(data.toString('utf8'));
    const t = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).type : undefined;
    return typeof t === 'string' ? t : undefined;
  } catch {
    return undefined; // the format's own loader reports the broken package.json
  }
}
