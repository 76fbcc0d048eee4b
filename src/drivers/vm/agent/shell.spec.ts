import { execFileSync, spawnSync } from 'node:child_process';
import { DriverError } from '../../../jobs/errors';
import { envExports, remoteCommand, shellQuote } from './shell';

const sh = (script: string): string => execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });

describe('shell quoting', () => {
  it.each(['plain', "it's", 'a b\tc', '$HOME `id` $(id) "q" \\ ;|&<>*?', "''", '', 'line1\nline2', 'ünï ✓'])(
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

  it('runs the command under timeout with the env and stdin, and refuses a non-positive timeout', () => {
    const text = remoteCommand(`printf '%s:' "$K"; cat; exit 3`, { K: "v'1" }, 5000);
    const r = spawnSync('/bin/sh', ['-c', text], { input: 'from stdin', encoding: 'utf8' });
    expect({ status: r.status, out: r.stdout }).toEqual({ status: 3, out: "v'1:from stdin" });
    expect(() => remoteCommand('true', {}, 0)).toThrow(/positive/);
  });

  it('at the deadline ends the command and every process of its group, even one ignoring TERM', () => {
    const marker = `marina-shell-spec-${process.pid}`;
    const command = `echo begin; sleep 3001 & sh -c 'trap "" TERM; sleep 3002; : ${marker}' & sleep 3003`;
    const started = Date.now();
    const r = spawnSync('/bin/sh', ['-c', remoteCommand(command, {}, 300)], { encoding: 'utf8' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect({ status: r.status, out: r.stdout }).toEqual({ status: 124, out: 'begin\n' });
    const left = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' });
    expect(left.stdout).toBe('');
  });

  it('leaves alone what a command that finished in time started in the background', () => {
    const marker = `marina-shell-daemon-${process.pid}`;
    const r = spawnSync('/bin/sh', ['-c', remoteCommand(`sh -c 'sleep 30; : ${marker}' >/dev/null 2>&1 &`, {}, 5000)]);
    expect(r.status).toBe(0);
    const left = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' });
    expect(left.stdout.trim()).not.toBe('');
    for (const pid of left.stdout.trim().split('\n')) process.kill(Number(pid), 'SIGKILL');
  });
});
