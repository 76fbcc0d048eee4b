import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIaasClient } from '../../src/drivers/iaas';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60000);

const root = join(__dirname, '..', '..');
const PROVIDER = { qingcloud: 'QINGCLOUD', aws: 'AWS', aliyun: 'ALIYUN' } as const;

/**
 * `marina sandbox cloud` as the acceptance checks run it: the JSON it writes is all a client needs
 * (checked through the real IaaS adapter), and SIGTERM stops it cleanly.
 */
describe.each(['qingcloud', 'aws', 'aliyun'] as const)('marina sandbox cloud --provider %s', (provider) => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), `sandbox-cli-${provider}-`))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes its endpoint and keys (0600) once ready, answers the real client, and exits on SIGTERM', async () => {
    const out = join(dir, 'sandbox.json');
    const cli = spawn(
      join(root, 'node_modules/.bin/node'),
      [
        '-r',
        join(root, 'test/support/ts-register.js'),
        join(root, 'src/cli/main.ts'),
        'sandbox',
        'cloud',
        '--provider',
        provider,
        '--port',
        '0',
        '--out',
        out,
        '--state',
        join(dir, 'state.json'),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    cli.stdout.on('data', (d: Buffer) => (output += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
    try {
      const exitedEarly = exited.then((code) => {
        throw new Error(`marina sandbox cloud exited (${code}) before writing ${out}: ${output}`);
      });
      await Promise.race([
        waitFor(`${out} to be written`, () => existsSync(out) && readFileSync(out, 'utf8').endsWith('\n'), 30000),
        exitedEarly,
      ]);
      const info = JSON.parse(readFileSync(out, 'utf8'));
      expect(Object.keys(info).sort()).toEqual([
        'accessKeyId',
        'endpoint',
        'provider',
        'region',
        'secretAccessKey',
        'subnetId',
        'vpcId',
        'zone',
      ]);
      expect(info.provider).toBe(provider);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      const client = createIaasClient({
        provider: PROVIDER[provider],
        endpoint: info.endpoint,
        accessKeyId: info.accessKeyId,
        secretAccessKey: info.secretAccessKey,
        region: info.region,
      });
      expect(await client.describeZones()).toContain(info.zone);
      expect((await client.describeVpcs()).map((v) => v.id)).toContain(info.vpcId);
      expect(output).toContain(`${provider} cloud sandbox serving at ${info.endpoint}`);
    } finally {
      cli.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM');
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
  });
});
