import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertBlobKey, blobKeyOf, verifyBlob, type BlobRef, type BlobStore } from './blob-store';

/**
 * Blobs as files under `root/<aa>/<bb>/<sha256>`. Writes go to a temporary file that is
 * fsynced and renamed into place, so a reader never sees a partial blob. Files are 0600 and
 * directories 0700: packages are tenants' data, readable by the Marina user only.
 */
export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertBlobKey(key);
    return join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(data: Buffer): Promise<BlobRef> {
    const key = blobKeyOf(data);
    const path = this.pathOf(key);
    if (await this.exists(key)) return { key, size: data.length };
    await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, data, { flush: true, mode: 0o600 });
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { key, size: data.length };
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return verifyBlob(key, await readFile(this.pathOf(key)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(key));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }
}
