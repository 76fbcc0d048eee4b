/**
 * A file received with a request, read once as a stream. The GraphQL layer's multipart uploads
 * have this shape; services depend on it, never on the GraphQL types.
 */
export interface UploadedFile {
  readonly filename: string;
  readonly mimetype: string;
  createReadStream(): NodeJS.ReadableStream;
}

/** Why an upload could not be read. `ARCHIVE_TOO_LARGE` matches the package error code of the same limit. */
export type UploadErrorCode = 'ARCHIVE_TOO_LARGE' | 'UPLOAD_FAILED';

/** Typed failure to read an uploaded file; nothing has been stored when it is thrown. */
export class UploadError extends Error {
  override readonly name = 'UploadError';
  constructor(
    readonly code: UploadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads an uploaded file into memory with a hard byte cap: the stream is destroyed as soon as
 * more than `maxBytes` arrive (and the multipart parser's own size limit is reported the same
 * way), so an oversized upload costs at most `maxBytes` of memory. Throws UploadError.
 */
export async function readUpload(
  upload: Promise<UploadedFile> | UploadedFile,
  maxBytes: number,
): Promise<{ data: Buffer; filename: string; mimetype: string }> {
  let file: UploadedFile;
  try {
    file = await upload;
  } catch (err) {
    throw new UploadError('UPLOAD_FAILED', `the upload could not be read: ${(err as Error).message}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let stream: NodeJS.ReadableStream;
  try {
    stream = file.createReadStream();
  } catch (err) {
    throw toUploadError(err, maxBytes);
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += buf.length;
      if (total > maxBytes) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        throw new UploadError('ARCHIVE_TOO_LARGE', `the upload is larger than the limit of ${maxBytes} bytes`);
      }
      chunks.push(buf);
    }
  } catch (err) {
    throw toUploadError(err, maxBytes);
  }
  // The multipart parser truncates (rather than fails) a file over its own limit; treat that as too large.
  if ((stream as { truncated?: boolean }).truncated)
    throw new UploadError('ARCHIVE_TOO_LARGE', `the upload is larger than the limit of ${maxBytes} bytes`);
  return { data: Buffer.concat(chunks, total), filename: file.filename, mimetype: file.mimetype };
}

function toUploadError(err: unknown, maxBytes: number): UploadError {
  if (err instanceof UploadError) return err;
  const status =
    (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
  if (status === 413)
    return new UploadError('ARCHIVE_TOO_LARGE', `the upload is larger than the limit of ${maxBytes} bytes`);
  return new UploadError('UPLOAD_FAILED', `the upload could not be read: ${(err as Error).message}`);
}
