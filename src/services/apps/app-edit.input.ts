import type { FieldProblem } from '../errors';
import { ValidationFailure } from '../errors';
import { DELIVERY_MODES, DEPLOYMENT_MODES, modeOf } from '../app-keys/app-declarations';

/** Most screenshots an app keeps (KubeSphere v3's console limit). */
export const MAX_SCREENSHOTS = 6;

const LIMITS = { name: 128, description: 8192, abstraction: 1024, readme: 65536, home: 2048 } as const;
const MAX_KEYWORDS = 32;
const MAX_KEYWORD = 64;

/** The text fields of UpdateAppInput (null or absent: unchanged; "" clears an optional field). */
export interface AppTextInput {
  readonly name?: string | null;
  readonly description?: string | null;
  readonly abstraction?: string | null;
  readonly readme?: string | null;
  readonly home?: string | null;
  readonly keywords?: readonly string[] | null;
  /** Seed 003's modes (services/app-keys/app-declarations); null or absent: unchanged. */
  readonly deliveryMode?: string | null;
  readonly deploymentMode?: string | null;
}

/** Validated changes: a key is present only when it changes; `undefined` values clear the field. */
export interface AppTextChanges {
  name?: string;
  description?: string | undefined;
  abstraction?: string | undefined;
  readme?: string | undefined;
  home?: string | undefined;
  keywords?: string[];
  deliveryMode?: string;
  deploymentMode?: string;
}

function homeProblem(home: string): string | undefined {
  let url: URL;
  try {
    url = new URL(home);
  } catch {
    return 'home must be an absolute http(s) URL';
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'home must be an http(s) URL';
}

function keywordsOf(raw: readonly string[], problems: FieldProblem[]): string[] {
  const keywords = [...new Set(raw.map((k) => k.trim()).filter(Boolean))];
  if (keywords.length > MAX_KEYWORDS) problems.push({ path: 'keywords', message: `at most ${MAX_KEYWORDS} keywords` });
  if (keywords.some((k) => k.length > MAX_KEYWORD))
    problems.push({ path: 'keywords', message: `a keyword has at most ${MAX_KEYWORD} characters` });
  return keywords;
}

/** Checks updateApp's text fields (all problems reported together); trims them. */
export function appTextChanges(input: AppTextInput): AppTextChanges | ValidationFailure {
  const problems: FieldProblem[] = [];
  const changes: AppTextChanges = {};
  for (const field of ['name', 'description', 'abstraction', 'readme', 'home'] as const) {
    const raw = input[field];
    if (raw === undefined || raw === null) continue;
    const value = raw.trim();
    if (value.length > LIMITS[field])
      problems.push({ path: field, message: `${field} must be at most ${LIMITS[field]} characters` });
    else if (field === 'name' && !value) problems.push({ path: 'name', message: 'name must not be empty' });
    else if (field === 'home' && value && homeProblem(value))
      problems.push({ path: 'home', message: homeProblem(value)! });
    changes[field] = value || undefined;
  }
  if (input.keywords) changes.keywords = keywordsOf(input.keywords, problems);
  for (const [field, allowed] of [
    ['deliveryMode', DELIVERY_MODES],
    ['deploymentMode', DEPLOYMENT_MODES],
  ] as const) {
    const raw = input[field];
    if (raw === undefined || raw === null) continue;
    const mode = modeOf(raw, allowed);
    if (mode) changes[field] = mode;
    else problems.push({ path: field, message: `${field} is one of ${allowed.join(', ')}` });
  }
  if (problems.length) return new ValidationFailure(problems[0].message, problems, 'INVALID_INPUT');
  return changes;
}
