import type { EntityManager } from '@mikro-orm/postgresql';
import type { ImageLimits } from '../../config';
import { Attachment } from '../../entities/attachment.entity';
import { assertBlobKey, type BlobRef, BlobStoreError } from '../../storage/blob-store';
import { readUpload, UploadError, type UploadedFile } from '../apps/upload-reader';
import { ValidationFailure } from '../errors';
import type { Platform } from '../platform';
import {
  attachmentUrl,
  type AttachmentOwner,
  type AttachmentPurpose,
  recordAttachment,
  SERVED_PURPOSES,
} from './attachment-rows';
import { checkImage } from './image-check';
import type { CheckedImage } from './image-check.types';

/** An image upload to check: where it sits in the input (`icon`, `screenshots.2`) and how to name it to the uploader. */
export interface ImageUpload {
  readonly path: string;
  readonly label: string;
  readonly upload: Promise<UploadedFile>;
}

/** A checked image whose bytes are in the blob store, not yet recorded. */
export interface StoredImage {
  readonly blob: BlobRef;
  readonly image: CheckedImage;
  readonly fileName: string;
  readonly url: string;
}

/** A served attachment's bytes and the content type its decoding found. */
export interface ServedAttachment {
  readonly data: Buffer;
  readonly contentType: string;
}

/**
 * Images attached to apps and categories: read and checked (image-check) before anything is
 * stored, stored content-addressed in the platform's blob store, recorded as Attachment rows,
 * served by hash. A refused image is a ValidationFailure naming its input path; nothing is stored.
 */
export class AttachmentStore {
  constructor(private readonly platform: Platform) {}

  /** Reads and checks every image; refusals come back as one failure (message: the first; details: each), nothing stored. */
  async checkImages(
    uploads: readonly ImageUpload[],
    limits: ImageLimits,
    errorCode: string,
  ): Promise<{ image: CheckedImage; fileName: string }[] | ValidationFailure> {
    const checked: { image: CheckedImage; fileName: string }[] = [];
    const problems: { path: string; message: string }[] = [];
    for (const u of uploads) {
      let file: { data: Buffer; filename: string };
      try {
        file = await readUpload(u.upload, limits.maxBytes);
      } catch (err) {
        if (!(err instanceof UploadError)) throw err;
        const message =
          err.code === 'ARCHIVE_TOO_LARGE' ? `${u.label} is larger than ${limits.maxBytes} bytes` : err.message;
        problems.push({ path: u.path, message });
        continue;
      }
      const result = await checkImage(file.data, u.label, limits);
      if (result.ok) checked.push({ image: result, fileName: file.filename });
      else problems.push({ path: u.path, message: result.message });
    }
    if (problems.length) return new ValidationFailure(problems[0].message, problems, errorCode);
    return checked;
  }

  /** Puts checked images into the blob store (before the rows that refer to them are written). */
  async put(images: readonly { image: CheckedImage; fileName: string }[]): Promise<StoredImage[]> {
    const stored: StoredImage[] = [];
    for (const { image, fileName } of images) {
      const blob = await this.platform.blobs.put(image.data);
      stored.push({ blob, image, fileName, url: attachmentUrl(blob.key) });
    }
    return stored;
  }

  /** Records stored images as attachment rows of `purpose` in the caller's transaction (not flushed). */
  record(tx: EntityManager, owner: AttachmentOwner, images: readonly StoredImage[], purpose: AttachmentPurpose): void {
    for (const s of images)
      recordAttachment(tx, owner, s.blob, { fileName: s.fileName, purpose, contentType: s.image.contentType });
  }

  /** After a write that did not happen: deletes the blobs no attachment row refers to (blobs are shared by hash). */
  async release(em: EntityManager, blobs: readonly (BlobRef | undefined)[]): Promise<void> {
    for (const blob of blobs) {
      if (blob && (await em.fork().count(Attachment, { sha256: blob.key })) === 0)
        await this.platform.blobs.delete(blob.key);
    }
  }

  /** A served attachment by hash (icons and screenshots only, never packages); undefined when unknown. */
  async served(em: EntityManager, sha256: string): Promise<ServedAttachment | undefined> {
    try {
      assertBlobKey(sha256);
    } catch (err) {
      if (err instanceof BlobStoreError) return undefined;
      throw err;
    }
    const row = await em.findOne(
      Attachment,
      { sha256, purpose: { $in: [...SERVED_PURPOSES] } },
      { fields: ['contentType'] },
    );
    const data = row ? await this.platform.blobs.get(sha256) : null;
    return row && data ? { data, contentType: row.contentType } : undefined;
  }
}
