/**
 * Dotted paths naming a key in values, as `--set` writes them: `image.pullPolicy`, with a `.` or
 * `\` inside a key escaped by a backslash (`nodeSelector.kubernetes\.io/os`). Arrays are values,
 * not containers: Helm replaces an array whole, so a path never indexes into one.
 */

/** The dotted path of `segments`. */
export function valuePath(segments: readonly string[]): string {
  return segments.map((s) => s.replace(/[\\.]/g, (c) => `\\${c}`)).join('.');
}
