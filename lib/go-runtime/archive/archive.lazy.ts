/**
 * The tar/gzip readers and writers behind the library's entry, each loaded (with node:zlib) on its
 * first call: `marina template` of a chart directory never needs them, and the template CLI's
 * bundle keeps modules that are only required inside functions out of its eagerly loaded file.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy loading */
import type { ArchiveFile } from './archive-file';
import type { ArchiveLimits } from './archive-limits';
import type { TarInput, TarWriteOptions } from './tar.writer';

type Reader = typeof import('./tar-gz.reader');
type Writer = typeof import('./tar.writer');

let reader: Reader | undefined;
let writer: Writer | undefined;

/** Reads a `.tgz` from memory (see tar-gz.reader.ts). Throws ArchiveError for rejected input. */
export function readTarGz(buf: Buffer, limits?: Partial<ArchiveLimits>): ArchiveFile[] {
  reader ??= require('./tar-gz.reader') as Reader;
  return reader.readTarGz(buf, limits);
}

/** {@link readTarGz}, decompressing off the main thread. */
export function readTarGzAsync(buf: Buffer, limits?: Partial<ArchiveLimits>): Promise<ArchiveFile[]> {
  reader ??= require('./tar-gz.reader') as Reader;
  return reader.readTarGzAsync(buf, limits);
}

/** Writes an uncompressed tar (see tar.writer.ts). */
export function writeTar(files: readonly TarInput[], options: TarWriteOptions = {}): Buffer {
  writer ??= require('./tar.writer') as Writer;
  return writer.writeTar(files, options);
}

/** Writes a `.tgz` (see tar.writer.ts). */
export function writeTarGz(files: readonly TarInput[], options: TarWriteOptions = {}): Buffer {
  writer ??= require('./tar.writer') as Writer;
  return writer.writeTarGz(files, options);
}
