/**
 * Sprig's `semver` and `semverCompare` over the Masterminds semver of go-runtime, with
 * `*semver.Version` as a template value (its methods callable from templates).
 */
import {
  checkConstraint,
  compareSemver,
  goFunc,
  GoInt,
  GoStruct,
  parseSemver,
  registerStruct,
  SemverError,
  semverString,
  type GoStructClass,
  type Semver,
} from '@marina/go-runtime';
import { GoFuncError } from '../errors';

/** *semver.Version with its template-visible methods. */
export class SemverVersion extends GoStruct {
  static override goTypeName = 'semver.Version';
  static override goMethodSigs: Record<string, string> = {
    Major: 'func() uint64',
    Minor: 'func() uint64',
    Patch: 'func() uint64',
    Prerelease: 'func() string',
    Metadata: 'func() string',
    Original: 'func() string',
    String: 'func() string',
    Compare: 'func(*semver.Version) int',
    LessThan: 'func(*semver.Version) bool',
    GreaterThan: 'func(*semver.Version) bool',
    Equal: 'func(*semver.Version) bool',
  };
  constructor(readonly version: Semver) {
    super();
  }
  Major(): GoInt {
    return new GoInt(this.version.major, 'uint64');
  }
  Minor(): GoInt {
    return new GoInt(this.version.minor, 'uint64');
  }
  Patch(): GoInt {
    return new GoInt(this.version.patch, 'uint64');
  }
  Prerelease(): string {
    return this.version.pre;
  }
  Metadata(): string {
    return this.version.metadata;
  }
  Original(): string {
    return this.version.original;
  }
  String(): string {
    return semverString(this.version);
  }
  Compare(o: SemverVersion): bigint {
    return BigInt(compareSemver(this.version, o.version));
  }
  LessThan(o: SemverVersion): boolean {
    return compareSemver(this.version, o.version) < 0;
  }
  GreaterThan(o: SemverVersion): boolean {
    return compareSemver(this.version, o.version) > 0;
  }
  Equal(o: SemverVersion): boolean {
    return compareSemver(this.version, o.version) === 0;
  }
  /** json.Marshal of a *Version is its string form. */
  MarshalJSON(): string {
    return JSON.stringify(this.String());
  }
}
registerStruct(SemverVersion as unknown as GoStructClass);

/** A Masterminds failure as the template function's error (same message). */
function asFuncError<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof SemverError) throw new GoFuncError(err.message);
    throw err;
  }
}

export const semverFuncs = {
  semver: goFunc('func(string) (*semver.Version, error)', (v: string) =>
    asFuncError(() => new SemverVersion(parseSemver(v))),
  ),
  semverCompare: goFunc('func(string, string) (bool, error)', (c: string, v: string) =>
    asFuncError(() => checkConstraint(c, parseSemver(v))),
  ),
};
