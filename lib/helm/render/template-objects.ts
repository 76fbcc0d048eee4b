/**
 * The objects Helm puts in front of templates, in the engine's value model: `.Chart` (chart
 * metadata plus IsRoot), `.Capabilities` (KubeVersion, APIVersions with `Has`, HelmVersion),
 * `.Files` (with Get/GetBytes/Glob/AsConfig/AsSecrets/Lines) and `.Release`. Field names, JSON
 * names and printing follow Helm 3.17.3 (checked against the release binary).
 */
import {
  defineGoMethods,
  GoBytes,
  GoStruct,
  mapSet,
  newGoMap,
  tagGoType,
  type GoMapObject,
  type GoValue,
} from '@marina/go-runtime';
import type { ChartDependency, ChartMaintainer, ChartMetadata } from '../chart/chart.types';
import { helmToYaml } from './helm-funcs';
import { globMatch } from './gobwas-glob';

type JsonFields = ReadonlyArray<readonly [string, string, boolean]>;

/** `*chart.Maintainer`. */
export class MaintainerObject extends GoStruct {
  static override goTypeName = 'chart.Maintainer';
  static readonly goJsonFields: JsonFields = [
    ['Name', 'name', true],
    ['Email', 'email', true],
    ['URL', 'url', true],
  ];
  Name: string;
  Email: string;
  URL: string;
  constructor(m: ChartMaintainer) {
    super();
    this.Name = m.name;
    this.Email = m.email;
    this.URL = m.url;
  }
}

/** `*chart.Dependency`. */
export class DependencyObject extends GoStruct {
  static override goTypeName = 'chart.Dependency';
  static readonly goJsonFields: JsonFields = [
    ['Name', 'name', false],
    ['Version', 'version', true],
    ['Repository', 'repository', false],
    ['Condition', 'condition', true],
    ['Tags', 'tags', true],
    ['Enabled', 'enabled', true],
    ['ImportValues', 'import-values', true],
    ['Alias', 'alias', true],
  ];
  Name: string;
  Version: string;
  Repository: string;
  Condition: string;
  Tags: string[];
  Enabled: boolean;
  ImportValues: GoValue[];
  Alias: string;
  constructor(d: ChartDependency) {
    super();
    this.Name = d.name;
    this.Version = d.version;
    this.Repository = d.repository;
    this.Condition = d.condition;
    this.Tags = tagGoType([...d.tags], '[]string');
    this.Enabled = d.enabled;
    this.ImportValues = [...d.importValues];
    this.Alias = d.alias;
  }
}

/** `chart.Metadata` as a struct value. */
export class MetadataObject extends GoStruct {
  static override goTypeName = 'chart.Metadata';
  static readonly goJsonFields: JsonFields = [
    ['Name', 'name', true],
    ['Home', 'home', true],
    ['Sources', 'sources', true],
    ['Version', 'version', true],
    ['Description', 'description', true],
    ['Keywords', 'keywords', true],
    ['Maintainers', 'maintainers', true],
    ['Icon', 'icon', true],
    ['APIVersion', 'apiVersion', true],
    ['Condition', 'condition', true],
    ['Tags', 'tags', true],
    ['AppVersion', 'appVersion', true],
    ['Deprecated', 'deprecated', true],
    ['Annotations', 'annotations', true],
    ['KubeVersion', 'kubeVersion', true],
    ['Dependencies', 'dependencies', true],
    ['Type', 'type', true],
  ];
  Name: string;
  Home: string;
  Sources: string[];
  Version: string;
  Description: string;
  Keywords: string[];
  Maintainers: MaintainerObject[];
  Icon: string;
  APIVersion: string;
  Condition: string;
  Tags: string;
  AppVersion: string;
  Deprecated: boolean;
  Annotations: GoMapObject;
  KubeVersion: string;
  Dependencies: DependencyObject[];
  Type: string;
  constructor(md: ChartMetadata) {
    super();
    this.Name = md.name;
    this.Home = md.home;
    this.Sources = tagGoType([...md.sources], '[]string');
    this.Version = md.version;
    this.Description = md.description;
    this.Keywords = tagGoType([...md.keywords], '[]string');
    this.Maintainers = md.maintainers.map((m) => new MaintainerObject(m));
    this.Icon = md.icon;
    this.APIVersion = md.apiVersion;
    this.Condition = md.condition;
    this.Tags = md.tags;
    this.AppVersion = md.appVersion;
    this.Deprecated = md.deprecated;
    this.Annotations = tagGoType(Object.assign(newGoMap(), md.annotations), 'map[string]string');
    this.KubeVersion = md.kubeVersion;
    this.Dependencies = md.dependencies.map((d) => new DependencyObject(d));
    this.Type = md.type;
  }
  override goIsPointer(): boolean {
    return false;
  }
}

/**
 * `.Chart`: Helm's `struct{ chart.Metadata; IsRoot bool }`. The embedded metadata's fields are
 * promoted as own non-enumerable properties (reachable as `.Chart.Name`), while printing shows
 * the two real fields, `{{name …} true}`, like Go.
 */
export class ChartObject extends GoStruct {
  static override goTypeName = 'struct { chart.Metadata; IsRoot bool }';
  static readonly goJsonFields: JsonFields = [...MetadataObject.goJsonFields, ['IsRoot', 'IsRoot', false]];
  Metadata: MetadataObject;
  IsRoot: boolean;
  constructor(md: ChartMetadata, isRoot: boolean) {
    super();
    this.Metadata = new MetadataObject(md);
    this.IsRoot = isRoot;
    const fields = this.Metadata as unknown as Record<string, GoValue>;
    for (const [field] of MetadataObject.goJsonFields) {
      Object.defineProperty(this, field, { value: fields[field], enumerable: false, writable: false });
    }
  }
  override goIsPointer(): boolean {
    return false;
  }
}

/** `chartutil.KubeVersion`; prints as its Version (String()). */
export class KubeVersionObject extends GoStruct {
  static override goTypeName = 'chartutil.KubeVersion';
  static override goMethodSigs: Record<string, string> = { String: 'func() string', GitVersion: 'func() string' };
  Version: string;
  Major: string;
  Minor: string;
  constructor(version: string, major: string, minor: string) {
    super();
    this.Version = version;
    this.Major = major;
    this.Minor = minor;
  }
  String(): string {
    return this.Version;
  }
  GitVersion(): string {
    return this.Version;
  }
  override goIsPointer(): boolean {
    return false;
  }
}

/** helm's `version.BuildInfo`. */
export class HelmVersionObject extends GoStruct {
  static override goTypeName = 'version.BuildInfo';
  static readonly goJsonFields: JsonFields = [
    ['Version', 'version', true],
    ['GitCommit', 'git_commit', true],
    ['GitTreeState', 'git_tree_state', true],
    ['GoVersion', 'go_version', true],
  ];
  Version = 'v3.17.3';
  GitCommit = 'e4da49785aa6e6ee2b86efd5dd9e43400318262b';
  GitTreeState = 'clean';
  GoVersion = 'go1.23.7';
  override goIsPointer(): boolean {
    return false;
  }
}

/** `*chartutil.Capabilities`. */
export class CapabilitiesObject extends GoStruct {
  static override goTypeName = 'chartutil.Capabilities';
  KubeVersion: KubeVersionObject;
  APIVersions: string[];
  HelmVersion: HelmVersionObject;
  constructor(kube: KubeVersionObject, apiVersions: readonly string[]) {
    super();
    this.KubeVersion = kube;
    this.APIVersions = versionSet(apiVersions);
    this.HelmVersion = new HelmVersionObject();
  }
}

/** `chartutil.VersionSet` ([]string with `Has`). */
export function versionSet(list: readonly string[]): string[] {
  const vs = tagGoType([...list], { kind: 'slice', elem: { kind: 'string' }, name: 'chartutil.VersionSet' });
  return defineGoMethods(vs, {
    Has: {
      sig: 'func(string) bool',
      fn: function (this: string[], v: string) {
        return this.includes(v);
      } as never,
    },
  });
}

const FILES_TYPE = {
  kind: 'map',
  key: { kind: 'string' },
  elem: { kind: 'slice', elem: { kind: 'uint8' } },
  name: 'engine.files',
} as const;

/** `.Files`: a map of path → bytes with Helm's accessor methods. */
export function filesObject(files: ReadonlyArray<{ name: string; data: Buffer }>): GoMapObject {
  const m = newGoMap();
  for (const f of files) mapSet(m, f.name, new GoBytes(f.data));
  return decorateFiles(m);
}

function decorateFiles(m: GoMapObject): GoMapObject {
  tagGoType(m, FILES_TYPE as never);
  return defineGoMethods(m, {
    Get: {
      sig: 'func(string) string',
      fn: function (this: GoMapObject, name: string) {
        return fileGet(this, name);
      } as never,
    },
    GetBytes: {
      sig: 'func(string) []uint8',
      fn: function (this: GoMapObject, name: string) {
        return fileBytes(this, name);
      } as never,
    },
    Glob: {
      sig: 'func(string) engine.files',
      fn: function (this: GoMapObject, pattern: string) {
        return fileGlob(this, pattern);
      } as never,
    },
    AsConfig: {
      sig: 'func() string',
      fn: function (this: GoMapObject) {
        return filesAsConfig(this);
      } as never,
    },
    AsSecrets: {
      sig: 'func() string',
      fn: function (this: GoMapObject) {
        return filesAsSecrets(this);
      } as never,
    },
    Lines: {
      sig: 'func(string) []string',
      fn: function (this: GoMapObject, name: string) {
        return fileLines(this, name);
      } as never,
    },
  });
}

function bytesOf(m: GoMapObject, name: string): Buffer | undefined {
  const v = Object.prototype.hasOwnProperty.call(m, name) ? m[name] : undefined;
  return v instanceof GoBytes ? Buffer.from(v.bytes) : undefined;
}

function fileGet(m: GoMapObject, name: string): string {
  return bytesOf(m, name)?.toString('utf8') ?? '';
}

function fileBytes(m: GoMapObject, name: string): GoBytes {
  return new GoBytes(bytesOf(m, name) ?? Buffer.alloc(0));
}

function fileLines(m: GoMapObject, name: string): string[] {
  const b = bytesOf(m, name);
  if (!b || b.length === 0) return tagGoType([], '[]string');
  let s = b.toString('utf8');
  if (s.endsWith('\n')) s = s.slice(0, -1);
  return tagGoType(s.split('\n'), '[]string');
}

function fileGlob(m: GoMapObject, pattern: string): GoMapObject {
  const out = newGoMap();
  for (const name of Object.keys(m)) if (globMatch(pattern, name)) mapSet(out, name, m[name]);
  return decorateFiles(out);
}

function filesAsConfig(m: GoMapObject): string {
  const keys = Object.keys(m);
  if (keys.length === 0) return '';
  const out = newGoMap();
  for (const k of keys) mapSet(out, k.slice(k.lastIndexOf('/') + 1), fileGet(m, k));
  return helmToYaml(out);
}

function filesAsSecrets(m: GoMapObject): string {
  const keys = Object.keys(m);
  if (keys.length === 0) return '';
  const out = newGoMap();
  for (const k of keys)
    mapSet(out, k.slice(k.lastIndexOf('/') + 1), (bytesOf(m, k) ?? Buffer.alloc(0)).toString('base64'));
  return helmToYaml(out);
}
