import { DriverException } from '@mikro-orm/core';

const QUOTED = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g;
const MAX_MESSAGE = 2000;

/**
 * The pino serializer of `err`/`error` fields: what an operator needs (type, code, message, stack
 * frames, cause) and nothing a database error carries about the data. A database (driver) error's
 * message holds the SQL with its bound values — password and token hashes, ciphertexts, user
 * input — so only PostgreSQL's own message is kept, with quoted values masked, plus the
 * SQLSTATE and the table/column/constraint names. Never throws.
 */
export function errorForLog(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? clip(err) : err;
  const cause = (err as { cause?: unknown }).cause;
  const base = {
    type: err.name,
    ...(cause !== undefined && depth < 3 ? { cause: errorForLog(cause, depth + 1) } : {}),
  };
  if (err instanceof DriverException) {
    const pg = err as DriverException & { table?: string; column?: string; constraint?: string; routine?: string };
    return {
      ...base,
      code: pg.code,
      message: safeErrorMessage(err),
      table: pg.table,
      column: pg.column,
      constraint: pg.constraint,
      routine: pg.routine,
      stack: frames(err.stack),
    };
  }
  const code = (err as { code?: unknown }).code;
  return { ...base, ...(code !== undefined ? { code } : {}), message: clip(err.message), stack: err.stack };
}

/**
 * A one-line message of any thrown value that is safe to store where users read it (job and task
 * errors, sync events): a database error keeps only PostgreSQL's message with quoted values masked.
 */
export function safeErrorMessage(err: unknown): string {
  if (err instanceof DriverException)
    return `database error: ${clip(databaseMessage(err.message).replace(QUOTED, '"…"'))}`;
  return err instanceof Error ? clip(err.message) : clip(String(err));
}

/** knex formats a failed statement as `<sql with values> - <PostgreSQL message>`: keep the latter. */
function databaseMessage(message: string): string {
  const at = message.lastIndexOf(' - ');
  return at >= 0 ? message.slice(at + 3) : 'database error';
}

function frames(stack: string | undefined): string {
  return (stack ?? '')
    .split('\n')
    .filter((l) => l.trim().startsWith('at '))
    .join('\n');
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}
