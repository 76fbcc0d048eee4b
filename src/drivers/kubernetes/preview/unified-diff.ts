/** Unified diffs of two YAML renderings (the `diff` package's line diff, three lines of context). */
import { structuredPatch } from 'diff';
import { marshalYaml } from '@marina/helm';

/** The YAML of an object (sorted keys, as Helm prints values); '' for an absent object. */
export function objectYaml(obj: unknown): string {
  return obj === undefined ? '' : marshalYaml(obj as never);
}

/**
 * `--- <label> (live)` / `+++ <label> (desired)` and the hunks from `before` to `after`; null
 * when they are equal.
 */
export function unifiedDiff(label: string, before: string, after: string): string | null {
  if (before === after) return null;
  const patch = structuredPatch(`${label} (live)`, `${label} (desired)`, before, after, '', '', { context: 3 });
  const lines = [`--- ${patch.oldFileName}`, `+++ ${patch.newFileName}`];
  for (const h of patch.hunks) {
    lines.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`, ...h.lines);
  }
  return `${lines.join('\n')}\n`;
}

/** GNU diff's range: an empty range names the line before it. */
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}
