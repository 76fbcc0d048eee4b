import { AppType } from '../../entities/enums';
import type { ArchiveFile } from '@marina/go-runtime';
import type { PackageIssue } from '../../packages/package-error';
import type { HelmPackageSummary, LoadedPackage } from '../../packages/package-loader';
import type { TemplatePackage } from '../../packages/template/template-package.loader';
import type { ComposedPackage } from '../../packages/composed/composed-package.loader';
import type { VmPackage } from '../../packages/vm/vm-package.loader';
import { type FieldProblem, ValidationFailure } from '../errors';

/** validatePackage's answer. */
export interface PackageCheck {
  readonly ok: boolean;
  readonly name?: string;
  readonly version?: string;
  readonly type?: AppType;
  readonly errors: readonly FieldProblem[];
  readonly errorCode?: string;
}

/** The app type a package format makes. */
const APP_TYPES: Readonly<Record<LoadedPackage['format'], AppType>> = {
  helm: AppType.HELM,
  vm: AppType.VM,
  template: AppType.TEMPLATE,
  composed: AppType.COMPOSED,
};

export function appTypeOfPackage(pkg: LoadedPackage): AppType {
  return APP_TYPES[pkg.format];
}

/** App fields a package fills (an app's metadata comes from its package). */
export interface PackageAppFields {
  readonly description?: string;
  readonly home?: string;
  readonly icon?: string;
  readonly keywords: string[];
  readonly sources: string[];
  readonly screenshots: string[];
  readonly maintainers?: unknown;
  readonly readme?: string;
}

const README = /^readme(\.md|\.txt)?$/i;
const MAX_README = 256 * 1024;

function files(pkg: LoadedPackage): readonly ArchiveFile[] {
  return (pkg.detail as HelmPackageSummary | VmPackage | TemplatePackage | ComposedPackage).files;
}

function readme(pkg: LoadedPackage): string | undefined {
  const file = files(pkg).find((f) => README.test(f.path));
  return file && file.data.length <= MAX_README ? file.data.toString('utf8') : undefined;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function appFieldsOf(pkg: LoadedPackage): PackageAppFields {
  if (pkg.format === 'helm') {
    const m = (pkg.detail as HelmPackageSummary).metadata;
    const maintainers = Array.isArray(m.maintainers) && m.maintainers.length > 0 ? m.maintainers : undefined;
    return {
      description: text(m.description),
      home: text(m.home),
      icon: text(m.icon),
      keywords: strings(m.keywords),
      sources: strings(m.sources),
      screenshots: [],
      maintainers,
      readme: readme(pkg),
    };
  }
  if (pkg.format === 'vm') {
    const m = (pkg.detail as VmPackage).metadata;
    return {
      description: m.description,
      home: m.home,
      icon: m.icon,
      keywords: [...m.keywords],
      sources: [...m.sources],
      screenshots: [...m.screenshots],
      maintainers: m.maintainers.length > 0 ? m.maintainers : undefined,
      readme: readme(pkg),
    };
  }
  return { description: pkg.description, keywords: [], sources: [], screenshots: [], readme: readme(pkg) };
}

/** Metadata stored with a version (what the package declares, for consoles). */
export function versionMetadataOf(pkg: LoadedPackage): Record<string, unknown> {
  if (pkg.format === 'helm') return { ...(pkg.detail as HelmPackageSummary).metadata };
  if (pkg.format === 'vm') return { ...(pkg.detail as VmPackage).metadata };
  if (pkg.format === 'composed') {
    const c = pkg.detail as ComposedPackage;
    return { ...c.metadata, composition: c.document };
  }
  const m = (pkg.detail as TemplatePackage).metadata;
  return { name: m.name, version: m.version, description: m.description, variables: m.variables };
}

/** A rejected package as a ValidationError: errorCode is the first problem's code, details list every problem by file. */
export function packageFailure(issues: readonly PackageIssue[]): ValidationFailure {
  const first = issues[0];
  const message = first ? `Invalid package: ${first.path ? `${first.path}: ` : ''}${first.message}` : 'Invalid package';
  return new ValidationFailure(
    message,
    issues.map((i) => ({ path: i.path, message: `${i.code}: ${i.message}` })),
    first?.code ?? 'INVALID_PACKAGE',
  );
}
