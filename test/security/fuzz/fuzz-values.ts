import { randomUUID } from 'node:crypto';
import type {
  IntrospectionField,
  IntrospectionInputTypeRef,
  IntrospectionInputValue,
  IntrospectionSchema,
  IntrospectionType,
} from 'graphql';

/** What one fuzz case breaks: every argument of that kind gets the hostile value, the rest plausible ones. */
export const FUZZ_MODES = [
  'malformed-id',
  'nul',
  'surrogate',
  'oversized',
  'wrong-enum',
  'foreign-id',
  'random-id',
] as const;
export type FuzzMode = (typeof FUZZ_MODES)[number];

/** Ids of rows in another workspace, by the kind an argument name suggests. */
export type ForeignIds = Readonly<
  Record<'user' | 'workspace' | 'app' | 'version' | 'job' | 'instance' | 'vendor' | 'token' | 'invitation', string>
>;

const MALFORMED_ID = "not-a-uuid'); drop table users; --";
// hostile strings that otherwise pass the usual checks (e-mail shape, password policy), so they reach deep
const STRINGS: Partial<Record<FuzzMode, string>> = {
  nul: 'N\u0000ul.Fuzz9!@example.com',
  surrogate: 'S\ud800ur.Fuzz9!@example.com',
  oversized: 'x'.repeat(70_000),
};
const PLAIN = 'Fuzz.Plain9!@example.com';

/** The kind of row an argument most likely names (field and argument names decide). */
function idKind(field: string, arg: string): keyof ForeignIds {
  const name = `${field}.${arg}`.toLowerCase();
  const table: [RegExp, keyof ForeignIds][] = [
    [/userid|user\b/, 'user'],
    [/workspace/, 'workspace'],
    [/versionid|appversion|version\b/, 'version'],
    [/job/, 'job'],
    [/instance/, 'instance'],
    [/vendor/, 'vendor'],
    [/apitoken/, 'token'],
    [/invitation/, 'invitation'],
    [/app/, 'app'],
  ];
  return table.find(([re]) => re.test(name))?.[1] ?? 'app';
}

/** Builds variable values for the arguments of one root field, hostile in `mode`. */
export class FuzzValues {
  private readonly types: Map<string, IntrospectionType>;

  constructor(
    schema: IntrospectionSchema,
    private readonly foreign: ForeignIds,
  ) {
    this.types = new Map(schema.types.map((t) => [t.name, t]));
  }

  variables(field: IntrospectionField, mode: FuzzMode): Record<string, unknown> {
    return Object.fromEntries(field.args.map((a) => [a.name, this.value(a.type, mode, field.name, a.name, 0)]));
  }

  private value(ref: IntrospectionInputTypeRef, mode: FuzzMode, field: string, arg: string, depth: number): unknown {
    if (ref.kind === 'NON_NULL') return this.value(ref.ofType, mode, field, arg, depth);
    if (ref.kind === 'LIST') return [this.value(ref.ofType, mode, field, arg, depth)];
    const type = this.types.get(ref.name)!;
    if (type.kind === 'ENUM') return mode === 'wrong-enum' ? 'NOT_AN_ENUM_VALUE' : type.enumValues[0].name;
    if (type.kind === 'INPUT_OBJECT') {
      if (depth > 3) return {};
      return Object.fromEntries(
        type.inputFields.map((f: IntrospectionInputValue) => [
          f.name,
          this.value(f.type, mode, field, f.name, depth + 1),
        ]),
      );
    }
    return this.scalar(ref.name, mode, field, arg);
  }

  private scalar(name: string, mode: FuzzMode, field: string, arg: string): unknown {
    switch (name) {
      case 'ID':
        if (mode === 'malformed-id') return MALFORMED_ID;
        if (mode === 'random-id') return randomUUID();
        return this.foreign[idKind(field, arg)];
      case 'String':
        return STRINGS[mode] ?? PLAIN;
      case 'Int':
        return 1;
      case 'Float':
        return 0.5;
      case 'Boolean':
        return true;
      case 'JSON':
        return STRINGS[mode] ? { key: STRINGS[mode], list: [STRINGS[mode]] } : { key: 'value' };
      case 'DateTime':
        return '2020-01-01T00:00:00Z';
      default:
        return 'not-a-file'; // Upload and any other custom scalar: a value of the wrong shape
    }
  }
}

/** `Type!`-style text of a type reference, for variable definitions. */
export function typeText(ref: IntrospectionInputTypeRef): string {
  if (ref.kind === 'NON_NULL') return `${typeText(ref.ofType)}!`;
  if (ref.kind === 'LIST') return `[${typeText(ref.ofType)}]`;
  return ref.name;
}
