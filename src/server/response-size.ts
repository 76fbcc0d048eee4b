/**
 * The JSON size of a GraphQL result in bytes, estimated without serialising it (UTF-8 lengths of
 * strings and keys plus punctuation; escapes are not counted). Stops once `cap` is passed, returning
 * a value above `cap`.
 */
export function jsonSizeOver(value: unknown, cap: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= cap) {
    const v = stack.pop();
    if (typeof v === 'string') size += Buffer.byteLength(v) + 2;
    else if (Array.isArray(v)) {
      size += 2 + v.length;
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        size += Buffer.byteLength(k) + 4;
        stack.push(item);
      }
      size += 2;
    } else size += 8;
  }
  return size;
}
