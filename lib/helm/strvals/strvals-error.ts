/** A `--set`-style line could not be parsed; `message` is Helm's wording. */
export class StrvalsError extends Error {
  readonly code = 'INVALID_SET_VALUE';
  override readonly name = 'StrvalsError';
}
