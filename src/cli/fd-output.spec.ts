import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const node = join(root, 'node_modules/.bin/node');
const modulePath = JSON.stringify(join(__dirname, 'fd-output.ts'));

/** `node -e` with the TypeScript sources; `body` runs with writeFd in scope. */
function args(body: string): string[] {
  return ['-r', join(root, 'scripts/swc-register.js'), '-e', `const { writeFd } = require(${modulePath}); ${body}`];
}

/** 200,000 numbered lines with some non-ASCII (~3.4 MB): any lost, repeated or reordered byte shows. */
const LINES = 'Array.from({ length: 200000 }, (_, i) => `line ${i} — ü\\n`).join("")';
const expected = (): string => Array.from({ length: 200000 }, (_, i) => `line ${i} — ü\n`).join('');

describe('writeFd', () => {
  it('writes all of a large text to a pipe, and stdout and stderr keep their own order', () => {
    const r = spawnSync(node, args(`writeFd(2, "warn\\n"); writeFd(1, ${LINES}); writeFd(2, "done\\n");`), {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('warn\ndone\n');
    expect(r.stdout).toBe(expected());
  });

  it('finishes through the stream when the descriptor is non-blocking and full (EAGAIN)', async () => {
    // Touching process.stdout opens fd 1 as a libuv pipe, which makes it non-blocking; the parent
    // reads only after a pause, so the pipe fills and writeSync reports EAGAIN.
    const child = spawn(node, args(`void process.stdout; writeFd(1, ${LINES});`));
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.stdout.pause();
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => child.stdout.once('readable', () => resolve()));
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stdout.resume();
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(Buffer.concat(chunks).toString('utf8')).toBe(expected());
  });

  it('stops quietly when the reader has gone (EPIPE)', () => {
    const r = spawnSync(
      'sh',
      ['-c', `"$0" "$@" | head -c 10`, node, ...args('writeFd(1, "x".repeat(1 << 22)); writeFd(2, "after\\n");')],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('x'.repeat(10));
    expect(r.stderr).toBe('after\n');
  });
});
