import { identityOf, modeOf, DELIVERY_MODES, DEPLOYMENT_MODES } from './app-declarations';
import { hashAppSecret, verifyAppSecret } from './app-secret';

describe('package declarations', () => {
  it('reads an identity declaration, ordering data actions and requiring read', () => {
    const problems: { path: string; message: string }[] = [];
    expect(
      identityOf(
        {
          apiPermissions: ['a.read', 'a.read', 'b/write'],
          dataPermissions: [{ model: 'Order', actions: ['create', 'read'] }],
          dependencies: ['pay'],
        },
        problems,
      ),
    ).toEqual({
      apiPermissions: ['a.read', 'b/write'],
      dataPermissions: [{ model: 'Order', version: null, actions: ['read', 'create'] }],
      dependencies: ['pay'],
    });
    expect(problems).toEqual([]);
    identityOf({ dataPermissions: [{ model: 'Order', actions: ['create'] }], extra: 1, apiPermissions: [3] }, problems);
    expect(problems.map((p) => p.path)).toEqual([
      'identity.json',
      'identity.json:/dataPermissions/0',
      'identity.json:/apiPermissions',
    ]);
  });

  it('normalises modes and refuses unknown ones', () => {
    expect(modeOf('edge-hosted', DEPLOYMENT_MODES)).toBe('EDGE_HOSTED');
    expect(modeOf('ONE_TIME_DELIVERY', DELIVERY_MODES)).toBe('ONE_TIME_DELIVERY');
    expect(modeOf(undefined, DELIVERY_MODES)).toBeNull();
    expect(modeOf('on-prem', DEPLOYMENT_MODES)).toBeUndefined();
    expect(modeOf(3, DEPLOYMENT_MODES)).toBeUndefined();
  });

  it('verifies a secret against its salted hash only', async () => {
    const hash = await hashAppSecret('s3cret');
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await hashAppSecret('s3cret')).not.toBe(hash);
    expect(await verifyAppSecret('s3cret', hash)).toBe(true);
    expect(await verifyAppSecret('s3cres', hash)).toBe(false);
    expect(await verifyAppSecret('decoy', null)).toBe(false);
  });
});
