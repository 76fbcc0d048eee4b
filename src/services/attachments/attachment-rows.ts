import type { EntityManager } from '@mikro-orm/postgresql';
import { Attachment } from '../../entities/attachment.entity';
import { User } from '../../entities/user.entity';
import { Workspace } from '../../entities/workspace.entity';
import type { BlobRef } from '../../storage/blob-store';

/** What an attachment row is for. Images of the store are served publicly; packages never are. */
export type AttachmentPurpose = 'package' | 'icon' | 'screenshot' | 'category-icon';

/** Purposes served at /attachments/<sha256> (content the store shows to every user). */
export const SERVED_PURPOSES: readonly AttachmentPurpose[] = ['icon', 'screenshot', 'category-icon'];

/** The stable, content-addressed URL of a served attachment. */
export const attachmentUrl = (sha256: string): string => `/attachments/${sha256}`;

/** Who owns an attachment row and where it lives. */
export interface AttachmentOwner {
  readonly userId: string;
  readonly workspaceId: string;
}

/** Records a stored blob (not flushed). */
export function recordAttachment(
  tx: EntityManager,
  owner: AttachmentOwner,
  blob: BlobRef,
  row: { fileName: string; purpose: AttachmentPurpose; contentType: string },
): Attachment {
  return tx.create(Attachment, {
    owner: tx.getReference(User, owner.userId),
    workspace: tx.getReference(Workspace, owner.workspaceId),
    sha256: blob.key,
    fileName: row.fileName.slice(0, 255),
    contentType: row.contentType,
    size: blob.size,
    purpose: row.purpose,
  });
}
