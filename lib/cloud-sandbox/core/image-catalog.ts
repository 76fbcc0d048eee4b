/**
 * Images a sandbox accepts. Open (the default): any id a package names is accepted and recorded,
 * and listings show the default image plus every id seen. Fixed: only the listed ids.
 */
export class ImageCatalog {
  private readonly seen: Set<string>;

  constructor(
    private readonly defaultImage: string,
    private readonly fixed: readonly string[] | undefined,
    seen: readonly string[] = [],
    private readonly onChange: (seen: string[]) => void = () => undefined,
  ) {
    this.seen = new Set(seen);
  }

  accept(imageId: string): boolean {
    if (!imageId || imageId.trim() !== imageId) return false;
    if (this.fixed) return this.fixed.includes(imageId);
    if (imageId !== this.defaultImage && !this.seen.has(imageId)) {
      this.seen.add(imageId);
      this.onChange([...this.seen]);
    }
    return true;
  }

  list(): readonly string[] {
    if (this.fixed) return [...this.fixed];
    return [this.defaultImage, ...[...this.seen].filter((id) => id !== this.defaultImage)];
  }
}
