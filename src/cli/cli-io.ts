import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** Prints a usage error (message + usage) to stderr; returns exit code 1. */
export function usageError(message: string, usage: string): number {
  process.stderr.write(`Error: ${message}\n${usage}`);
  return 1;
}

/** The absolute path of an existing directory, or undefined after printing why not. */
export function existingDirectory(path: string): string | undefined {
  const dir = resolve(path);
  if (existsSync(dir) && statSync(dir).isDirectory()) return dir;
  process.stderr.write(`Error: ${path} is not a directory\n`);
  return undefined;
}
