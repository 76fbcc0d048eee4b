import { type DocumentNode, type FragmentDefinitionNode, getOperationAST, Kind, type SelectionSetNode } from 'graphql';

/**
 * Root fields that check or create a credential (each hashes a password or mints a token). Aliases
 * would otherwise multiply them: many password guesses, accounts or tokens in one request.
 */
export const CREDENTIAL_FIELDS: ReadonlySet<string> = new Set([
  'login',
  'register',
  'refreshToken',
  'createApiToken',
  'changePassword',
  'createUser',
  'createDeveloper',
]);

/** At most this many CREDENTIAL_FIELDS per request. */
export const MAX_CREDENTIAL_FIELDS = 5;

/** How many CREDENTIAL_FIELDS the selected operation holds at its root (aliases and fragments included). */
export function credentialFieldCount(document: DocumentNode, operationName: string | undefined): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const count = (set: SelectionSetNode, seen: ReadonlySet<string>): number => {
    let n = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) n += CREDENTIAL_FIELDS.has(sel.name.value) ? 1 : 0;
      else if (sel.kind === Kind.INLINE_FRAGMENT) n += count(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value)) {
        const fragment = fragments.get(sel.name.value);
        if (fragment) n += count(fragment.selectionSet, new Set([...seen, sel.name.value]));
      }
    }
    return n;
  };
  return count(operation.selectionSet, new Set());
}
