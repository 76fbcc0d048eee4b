/**
 * Output of a one-shot command written straight to its file descriptor with `fs.writeSync`, as a
 * Go program (helm) writes it, instead of through `process.stdout`/`process.stderr`: the first use
 * of those streams loads Node's stream modules (and, for a pipe, its net modules) — ~5 ms of a
 * ~200 ms `marina template` run, measured as `process.stdout.write` against `writeSync` in bare
 * processes (41 interleaved runs).
 */
import { writeSync } from 'node:fs';

/** Writes all of `text` (UTF-8) to fd 1 or 2 before returning. */
export function writeFd(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A non-blocking descriptor that is full: the stream queues the rest and Node flushes it
      // before the process exits.
      if (code === 'EAGAIN') {
        (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(off));
        return;
      }
      // The reader has gone (`marina template … | head`): there is nobody left to write to.
      if (code === 'EPIPE') return;
      throw err;
    }
  }
}
