import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonStateFile } from './state-file';

describe('JsonStateFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'state-file-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('coalesces many saves into one atomic write of the latest state', async () => {
    const path = join(dir, 'nested', 'state.json');
    const file = new JsonStateFile(path, 20);
    const store = file.store<{ n: number }>();
    for (let n = 0; n < 100; n++) store.save({ n });
    file.set('images', ['img-1']);
    await file.flush();
    expect(file.writeCount).toBe(1);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, frontEnd: { n: 99 }, images: ['img-1'] });
    expect(readdirSync(join(dir, 'nested'))).toEqual(['state.json']);
  });

  it('loads what an earlier run wrote', async () => {
    const path = join(dir, 'state.json');
    const first = new JsonStateFile(path);
    first.store<string[]>().save(['vpc-1']);
    await first.flush();
    expect(new JsonStateFile(path).store<string[]>().load()).toEqual(['vpc-1']);
  });

  it('keeps memory-only state without a path and writes nothing', async () => {
    const file = new JsonStateFile(undefined);
    file.store<number>().save(7);
    await file.flush();
    expect(file.store<number>().load()).toBe(7);
    expect(file.writeCount).toBe(0);
  });

  it('refuses a corrupt state file with its path in the message', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"version":1,');
    expect(() => new JsonStateFile(path)).toThrow(/bad\.json is not valid JSON/);
    writeFileSync(path, '[1]');
    expect(() => new JsonStateFile(path)).toThrow(/does not hold a JSON object/);
    expect(existsSync(path)).toBe(true);
  });
});
