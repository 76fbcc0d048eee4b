/** `json.Unmarshal` into `interface{}`: objects become `map[string]interface{}`, every number a float64. */
import { mapSet, newGoMap, type GoValue } from '../value/values';

/** Malformed JSON; the message is worded like Go's. */
export class JsonSyntaxError extends Error {
  readonly code = 'INVALID_JSON';
  override readonly name = 'JsonSyntaxError';
}

/** A number beyond float64: the message is Go's, `partial` is what Go's decoder filled in (nil in its place). */
export class JsonOverflowError extends Error {
  readonly code = 'JSON_NUMBER_OVERFLOW';
  override readonly name = 'JsonOverflowError';
  constructor(
    message: string,
    readonly partial: GoValue,
  ) {
    super(message);
  }
}

/** Throws {@link JsonSyntaxError} on malformed JSON, {@link JsonOverflowError} for a number beyond float64. */
export function unmarshalJSON(text: string): GoValue {
  let parsed: unknown;
  let overflow: string | null = null;
  try {
    // A number beyond float64 (1e400): Go's decoder stores nil, decodes the rest and then returns
    // the first such error. The reviver's third argument carries the number's source text.
    parsed = JSON.parse(text, (_key: string, value: unknown, context?: { source?: string }) => {
      if (typeof value !== 'number' || Number.isFinite(value)) return value;
      overflow ??= `json: cannot unmarshal number ${context?.source ?? String(value)} into Go value of type float64`;
      return null;
    });
  } catch (err) {
    throw new JsonSyntaxError(goJsonSyntaxMessage(text, err as Error));
  }
  const value = fromParsed(parsed);
  if (overflow !== null) throw new JsonOverflowError(overflow, value);
  return value;
}

function fromParsed(v: unknown): GoValue {
  if (Array.isArray(v)) return v.map(fromParsed);
  if (v !== null && typeof v === 'object') {
    const out = newGoMap();
    for (const [k, val] of Object.entries(v)) mapSet(out, k, fromParsed(val));
    return out;
  }
  return v as GoValue;
}

function goJsonSyntaxMessage(text: string, err: Error): string {
  if (text.trim() === '') return 'unexpected end of JSON input';
  const m = /position (\d+)/.exec(err.message);
  if (m) {
    const ch = text[Number(m[1])];
    if (ch === undefined) return 'unexpected end of JSON input';
    return `invalid character '${ch}' looking for beginning of value`;
  }
  return /end of (JSON )?input/i.test(err.message) ? 'unexpected end of JSON input' : 'invalid JSON';
}
