import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildASTSchema,
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  parse,
} from 'graphql';
import { marinaSchema, printMarinaSchema } from '../../src/server/schema';

const root = join(__dirname, '..', '..');

/**
 * API.md names that belong to work not landed yet, each with the reason. This list only shrinks:
 * when a pattern no longer matches any missing name the test fails and asks for its removal.
 */
const PENDING: { pattern: RegExp; reason: string }[] = [];

describe('schema.graphql', () => {
  it('is the committed SDL of the running schema (run `npm run schema` when this fails)', async () => {
    const committed = readFileSync(join(root, 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printMarinaSchema());
  });

  it('contains every API.md type, field, argument, enum value and union member that has landed', async () => {
    const apiMd = readFileSync(join(root, '..', 'shared', 'spec', 'API.md'), 'utf8');
    const sdl = withConnections(/```graphql\n([\s\S]*?)```/.exec(apiMd)![1]);
    const contract = buildASTSchema(parse(sdl), { assumeValid: true });
    const ours = await marinaSchema();
    const missing: string[] = [];
    const stalePending: string[] = [];

    const used = new Set<RegExp>();
    const check = (name: string, present: boolean) => {
      if (present) return;
      const pending = PENDING.find((p) => p.pattern.test(name));
      if (pending) used.add(pending.pattern);
      else missing.push(name);
    };

    for (const type of Object.values(contract.getTypeMap()) as GraphQLNamedType[]) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      const mine = ours.getType(type.name);
      check(type.name, Boolean(mine));
      if (!mine) continue;
      if ((isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) && 'getFields' in mine) {
        const myFields = (mine as typeof type).getFields();
        for (const field of Object.values(type.getFields())) {
          const f = (myFields as Record<string, unknown>)[field.name] as
            { type: unknown; args?: { name: string }[] } | undefined;
          check(`${type.name}.${field.name}`, Boolean(f) && String(f!.type) === String(field.type));
          for (const arg of 'args' in field ? field.args : [])
            check(`${type.name}.${field.name}(${arg.name})`, Boolean(f?.args?.some((a) => a.name === arg.name)));
        }
      }
      if (isEnumType(type) && isEnumType(mine))
        for (const v of type.getValues()) check(`${type.name}.${v.name}`, Boolean(mine.getValue(v.name)));
      if (isUnionType(type) && isUnionType(mine))
        for (const m of type.getTypes())
          check(
            `${type.name}|${m.name}`,
            mine.getTypes().some((t) => t.name === m.name),
          );
    }
    for (const p of PENDING)
      if (!used.has(p.pattern)) stalePending.push(`${p.pattern} (${p.reason}) matches nothing missing: remove it`);
    expect(missing).toEqual([]);
    expect(stalePending).toEqual([]);
  });
});

/** API.md uses `XConnection` without spelling it out ("follow the connection convention"): add them. */
function withConnections(sdl: string): string {
  const nodes = new Set([...sdl.matchAll(/\b(\w+)Connection\b/g)].map((m) => m[1]));
  const defs = [...nodes].map(
    (n) =>
      `type ${n}Connection { edges: [${n}Edge!]! pageInfo: PageInfo! totalCount: Int! }\ntype ${n}Edge { cursor: String! node: ${n}! }`,
  );
  return `${sdl}\ntype PageInfo { hasNextPage: Boolean! endCursor: String }\n${defs.join('\n')}\n`;
}
