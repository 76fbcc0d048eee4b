import type { BlobRef, BlobStore } from '../storage/blob-store';
import type { PackageIssue } from './package-error';
import { loadPackageArchive, type LoadedPackage, type PackageLoadOptions } from './package-loader';

export type UploadResult =
  | { readonly ok: true; readonly pkg: LoadedPackage; readonly blob: BlobRef }
  | { readonly ok: false; readonly issues: readonly PackageIssue[] };

/**
 * Accepts an uploaded package: validates it completely first and stores the archive in the
 * blob store only when it is valid, so a rejected package leaves no blob behind (the caller
 * writes its rows after this succeeds, in its own transaction). Content-addressed: uploading
 * the same bytes twice stores one blob.
 */
export async function acceptPackageUpload(archive: Buffer, store: BlobStore, options: PackageLoadOptions = {}): Promise<UploadResult> {
  const result = loadPackageArchive(archive, options);
  if (!result.ok) return result;
  const blob = await store.put(archive);
  return { ok: true, pkg: result.pkg, blob };
}
