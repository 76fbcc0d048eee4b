import { PassThrough, Readable } from 'node:stream';
import { readUpload, UploadError, type UploadedFile } from './upload-reader';

const upload = (stream: NodeJS.ReadableStream): UploadedFile => ({
  filename: 'p.tgz',
  mimetype: 'application/gzip',
  createReadStream: () => stream,
});

describe('readUpload', () => {
  it('reads a file within the cap', async () => {
    const r = await readUpload(upload(Readable.from([Buffer.from('ab'), Buffer.from('cd')])), 4);
    expect(r.data.toString()).toBe('abcd');
  });

  it('stops at the first byte over the cap and destroys the stream', async () => {
    const stream = new PassThrough();
    stream.write(Buffer.alloc(3));
    stream.write(Buffer.alloc(3));
    const pending = readUpload(upload(stream), 5);
    await expect(pending).rejects.toMatchObject({ code: 'ARCHIVE_TOO_LARGE' });
    expect(stream.destroyed).toBe(true);
  });

  it('treats a stream the multipart parser truncated, or a 413 from it, as too large', async () => {
    const truncated = Object.assign(Readable.from([Buffer.from('abc')]), { truncated: true });
    await expect(readUpload(upload(truncated), 3)).rejects.toMatchObject({ code: 'ARCHIVE_TOO_LARGE' });
    const failing: UploadedFile = {
      ...upload(Readable.from([])),
      createReadStream: () => {
        throw Object.assign(new Error('File truncated'), { status: 413 });
      },
    };
    await expect(readUpload(failing, 3)).rejects.toBeInstanceOf(UploadError);
    await expect(readUpload(failing, 3)).rejects.toMatchObject({ code: 'ARCHIVE_TOO_LARGE' });
  });

  it('reports a broken upload as UPLOAD_FAILED', async () => {
    await expect(readUpload(Promise.reject(new Error('client went away')), 3)).rejects.toMatchObject({
      code: 'UPLOAD_FAILED',
    });
  });
});
