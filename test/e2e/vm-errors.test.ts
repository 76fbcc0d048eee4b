/**
 * Readable failures of VM deploys whose runtime's keys or region went wrong after it was created
 * (keys rotated in the cloud, region retired): the deploy FAILS with the cloud's reason in
 * lastError and the failing task's error, and nothing is created in the sandbox.
 */
import { sealCredentialSecret } from '../../src/services/runtimes/credential-secret';
import { sql } from './catalog-support';
import { deployWordpress, liveFrontgates, settled, startVmWorld, taggedResources, type VmWorld } from './vm-support';

jest.setTimeout(300_000);

let w: VmWorld;

beforeAll(async () => {
  w = await startVmWorld('aws', 'vm_errors');
});
afterAll(async () => {
  await w?.stop();
});

async function credentialId(): Promise<string> {
  const [row] = await sql<{ credential_id: string }>(w.t, 'select credential_id from runtimes where id = $1', [
    w.runtimeId,
  ]);
  return row.credential_id;
}

it('wrong keys: FAILED with the cloud refusing the keys; nothing created', async () => {
  const id = await credentialId();
  const [{ secret_ciphertext: original }] = await sql<{ secret_ciphertext: string }>(
    w.t,
    'select secret_ciphertext from runtime_credentials where id = $1',
    [id],
  );
  const wrong = sealCredentialSecret(w.t.marina.services.platform.secrets, id, { secretAccessKey: 'not-the-secret' });
  await sql(w.t, 'update runtime_credentials set secret_ciphertext = $1 where id = $2', [wrong, id]);
  try {
    const r = await deployWordpress(w, 'wrong-keys');
    const inst = await settled(w, r.instance.id);
    expect(inst.status).toBe('FAILED');
    console.log(`[vm-errors] ${inst.name}: ${inst.lastError}`);
    expect(inst.lastError).toMatch(/CLOUD_BAD_CREDENTIALS|signature|credential/i);
    expect(await taggedResources(w, r.instance.id)).toEqual({ nodes: [], volumes: [] });
    expect(await liveFrontgates(w)).toEqual([]);
  } finally {
    await sql(w.t, 'update runtime_credentials set secret_ciphertext = $1 where id = $2', [original, id]);
  }
});

it('wrong region: FAILED naming the region problem; nothing created', async () => {
  await sql(w.t, `update runtimes set region = 'xx-nowhere-9' where id = $1`, [w.runtimeId]);
  const r = await deployWordpress(w, 'wrong-region');
  const inst = await settled(w, r.instance.id);
  expect(inst.status).toBe('FAILED');
  console.log(`[vm-errors] ${inst.name}: ${inst.lastError}`);
  expect(inst.lastError).toMatch(/region|xx-nowhere-9/i);
  expect(await taggedResources(w, r.instance.id)).toEqual({ nodes: [], volumes: [] });
  expect(await liveFrontgates(w)).toEqual([]);
});
