/** A command line the command cannot run; the command prints it with its usage. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

/** Reads one flag's value: `--flag value` or `--flag=value`. */
export interface FlagValue {
  /** The value as given; a usage error when missing. */
  string(): string;
  /** The value as a non-negative integer; a usage error otherwise. */
  int(): number;
}

/**
 * Walks `argv` flag by flag, calling `onFlag` with the flag's name and a reader for its value (which
 * consumes the next argument unless the value came inline). A missing or malformed value is a {@link UsageError}.
 */
export function readFlags(
  argv: readonly string[],
  onFlag: (flag: string, value: FlagValue, raw: string) => void,
): void {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const string = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`flag ${flag} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = Number(string());
      if (!Number.isInteger(v) || v < 0) throw new UsageError(`flag ${flag} needs a non-negative integer`);
      return v;
    };
    onFlag(flag, { string, int }, argv[i]);
  }
}
