import { execFileSync } from 'node:child_process';
import { DriverError } from '../../../jobs/errors';
import { envExports, remoteCommand, shellQuote } from './shell';

const sh = (script: string): string => execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });

describe('shell quoting', () => {
  it.each(["plain", "it's", "a b\tc", '$HOME `id` $(id) "q" \\ ;|&<>*?', "''", '', 'line1\nline2', 'ünï ✓'])(
    'round-trips %j through /bin/sh as one word',
    (value) => {
      expect(sh(`printf '%s' ${shellQuote(value)}`)).toBe(value);
    },
  );

  it('exports env values verbatim and refuses names the shell cannot export', () => {
    const exports = envExports({ A: "x'y", B_2: '$(echo no)' });
    expect(sh(`${exports} printf '%s|%s' "$A" "$B_2"`)).toBe("x'y|$(echo no)");
    expect(() => envExports({ 'BAD-NAME': 'v' })).toThrow(DriverError);
    expect(() => envExports({ 'X;rm': 'v' })).toThrow(/not a valid environment variable name/);
  });

  it('runs the command under timeout with the env, and refuses a non-positive timeout', () => {
    const text = remoteCommand(`printf '%s' "$K"; exit 3`, { K: "v'1" }, 1500);
    expect(text).toBe(`export K='v'\\''1'; exec timeout -k 2 1.500s /bin/sh -c 'printf '\\''%s'\\'' "$K"; exit 3'`);
    let status = 0;
    let out = '';
    try {
      out = sh(text);
    } catch (err) {
      status = (err as { status: number }).status;
      out = (err as { stdout: string }).stdout;
    }
    expect({ status, out }).toEqual({ status: 3, out: "v'1" });
    expect(() => remoteCommand('true', {}, 0)).toThrow(/positive/);
  });
});
