/**
 * Boot time of the embedded profile (`marina start` with no DATABASE_URL/REDIS_URL), cold (empty data
 * folder: initdb, migrations, admin) and warm (restart), plus resident memory of the Marina process and
 * of its embedded PostgreSQL once ready. Run: `npm run build && npm run bench -- embedded-boot`.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const main = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='])
    .toString()
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const result: number[] = [];
  const walk = (p: number) =>
    out
      .filter(([, ppid]) => ppid === p)
      .forEach(([c]) => {
        result.push(c);
        walk(c);
      });
  walk(pid);
  return result;
}

async function boot(dataDir: string, demoKube: string): Promise<{ ms: number; rssMb: number; pgRssMb: number }> {
  const [port, pgPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn(process.execPath, [main, 'start'], {
    env: {
      PATH: process.env.PATH,
      MARINA_DATA_DIR: dataDir,
      PORT: String(port),
      MARINA_EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
      MARINA_DEMO_KUBE: demoKube,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (c: Buffer) => {
      output += c.toString();
      if (output.includes('Marina is ready')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  const ms = performance.now() - started;
  const rssMb = rssKb(child.pid!) / 1024;
  const pgRssMb = descendants(child.pid!).reduce((sum, p) => sum + rssKb(p), 0) / 1024;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return { ms, rssMb, pgRssMb };
}

async function main2(): Promise<void> {
  for (const demoKube of ['1', '0']) {
    const dir = mkdtempSync(join(tmpdir(), 'marina-boot-'));
    try {
      const cold = await boot(dir, demoKube);
      const warm = await boot(dir, demoKube);
      const label = demoKube === '1' ? 'with demo Kubernetes sandbox' : 'without demo sandbox';
      console.log(
        `embedded boot (${label}): cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms; RSS after warm boot: marina ${warm.rssMb.toFixed(0)} MB, embedded PostgreSQL processes ${warm.pgRssMb.toFixed(0)} MB`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main2().catch((err) => {
  console.error(err);
  process.exit(1);
});
