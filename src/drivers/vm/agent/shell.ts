/**
 * Shell text Marina sends over SSH. Remote commands run through `/bin/sh -c` on the host (sshd's
 * ForceCommand in the sandbox, the login shell on real clouds), so everything we interpolate is
 * single-quoted here and nowhere else. Env goes in as `export K='v';` prefixes because sshd's
 * AcceptEnv is not set on the nodes.
 */
import { DriverError } from '../../../jobs/errors';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `value` as one single-quoted shell word (`'` becomes `'\''`). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `export K='v';` for each entry; a name the shell cannot export is refused. */
export function envExports(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([name, value]) => {
      if (!ENV_NAME.test(name)) {
        throw new DriverError('INVALID_ENV', `"${name}" is not a valid environment variable name`, false);
      }
      return `export ${name}=${shellQuote(value)};`;
    })
    .join(' ');
}

/** Seconds after the TERM at the deadline before `timeout` sends KILL to what is left. */
export const KILL_GRACE_SECONDS = 2;

/**
 * The remote text of one exec: the env exports, then `command` under `timeout` (which puts itself
 * in a new process group): at the deadline the whole group gets TERM, then KILL after the grace
 * period. When `timeout` reports the deadline (124, or 137 after KILL), what is left of the group
 * (a child that ignored TERM while its parent obeyed) is killed too, so nothing outlives a
 * timed-out command; daemons a successful command started are left alone. A TERM/HUP/INT to the
 * session (the SSH `signal` request, on abort) is passed to the group. stdin is passed through.
 */
export function remoteCommand(command: string, env: Readonly<Record<string, string>>, timeoutMs: number): string {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new DriverError(
      'INVALID_TIMEOUT',
      `A command timeout must be a positive number of ms, got ${timeoutMs}`,
      false,
    );
  }
  const seconds = (Math.ceil(timeoutMs) / 1000).toFixed(3);
  const exports = envExports(env);
  return [
    // a background job's stdin would be /dev/null: hand it the session's stdin through fd 3
    'exec 3<&0',
    `${exports}${exports ? ' ' : ''}timeout -k ${KILL_GRACE_SECONDS} ${seconds}s /bin/sh -c ${shellQuote(command)} <&3 3<&- &`,
    'exec 3<&-',
    'p=$!',
    `trap 'kill -TERM -$p 2>/dev/null' TERM HUP INT`,
    'wait $p; s=$?',
    'while kill -0 $p 2>/dev/null; do wait $p; s=$?; done',
    'case $s in 124|137) kill -KILL -$p 2>/dev/null ;; esac',
    'exit $s',
  ].join('\n');
}

/** Exit statuses of `timeout` when it ended the command (TERM obeyed: 124; KILL needed: 137). */
export const TIMEOUT_EXIT_CODES: ReadonlySet<number> = new Set([124, 137]);
