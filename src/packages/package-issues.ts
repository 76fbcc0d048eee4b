import type { PackageErrorCode, PackageIssue } from './package-error';

/** Collects per-file problems while validating; validation keeps going to report all of them. */
export class IssueCollector {
  private readonly list: PackageIssue[] = [];

  constructor(
    private readonly file: string,
    private readonly code: PackageErrorCode,
  ) {}

  /** Records a problem at a JSON pointer inside the file (e.g. "/properties/0/default"). */
  add(pointer: string, message: string, code: PackageErrorCode = this.code): void {
    this.list.push({ code, path: pointer ? `${this.file}:${pointer}` : this.file, message });
  }

  get issues(): readonly PackageIssue[] {
    return this.list;
  }

  get ok(): boolean {
    return this.list.length === 0;
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function ptr(base: string, segment: string | number): string {
  return `${base}/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
