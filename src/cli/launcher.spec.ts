/**
 * bin/marina, the sh launcher npm links as node_modules/.bin/marina (what `npx marina` runs): it
 * passes `marina template` its V8 flags on the command line and sends everything else to
 * bin/marina.js.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STARTUP_V8_FLAGS } from './template.command';

const root = join(__dirname, '../..');
const launcher = join(root, 'bin/marina');

describe('bin/marina', () => {
  it('starts `marina template` with exactly the start-up V8 flags template.command.ts expects', () => {
    const exec = readFileSync(launcher, 'utf8')
      .split('\n')
      .find((l) => l.trim().startsWith('exec') && l.includes('dist/src/cli/main.js'));
    expect(exec).toBeDefined();
    const flags = (exec as string)
      .trim()
      .split(/\s+/)
      .filter((w) => w.startsWith('--'));
    expect(flags.join(' ')).toBe(STARTUP_V8_FLAGS);
  });

  it("runs the other commands through bin/marina.js, with the project's Node", () => {
    const r = spawnSync(launcher, ['--help'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: marina <command>');
    const unknown = spawnSync(launcher, ['nonsense'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown command "nonsense"');
  });
});
