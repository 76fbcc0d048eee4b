import { hkdfSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { startTestMarina, type TestMarina } from '../support/marina';

/** Finding 7: refresh tokens rotate with reuse detection; tokens without exp are refused; logout can end everything. */
let t: TestMarina;
beforeAll(async () => {
  t = await startTestMarina('sec_tokens');
});
afterAll(() => t?.stop());

const REFRESH = `mutation($r:String!){ refreshToken(refreshToken:$r){ ... on AuthPayload { accessToken refreshToken } } }`;
const ME = `{ me { id } }`;
const PASSWORD = 'Us3r!Password';

async function refresh(token: string): Promise<{ code?: string; accessToken?: string; refreshToken?: string }> {
  const res = await t.anonymous().request(REFRESH, { r: token });
  if (res.errors?.length) return { code: res.errors[0].extensions?.code };
  return res.data!.refreshToken;
}

describe('finding 7: tokens', () => {
  it('a refresh token works once; presenting it again ends its session', async () => {
    const user = await t.newUser('rotator');
    const other = await t.anonymous().loginAs(user.username, PASSWORD);
    const first = await refresh(user.refresh!);
    expect(first.refreshToken).toEqual(expect.any(String));
    expect(first.refreshToken).not.toBe(user.refresh);
    const second = await refresh(first.refreshToken!);
    expect(second.refreshToken).toEqual(expect.any(String));

    // the stolen first token is replayed: refused, and the whole family with it
    expect((await refresh(user.refresh!)).code).toBe('UNAUTHENTICATED');
    expect((await refresh(second.refreshToken!)).code).toBe('UNAUTHENTICATED');
    // another session of the same user goes on
    expect((await refresh(other.refresh!)).refreshToken).toEqual(expect.any(String));
  });

  it('tokens without exp are refused, though correctly signed', async () => {
    const user = await t.newUser('noexp');
    const key = new Uint8Array(hkdfSync('sha256', Buffer.from(t.secretKey), 'marina', 'jwt-signing-key', 32));
    const forever = (kind: string) =>
      new SignJWT({ kind, ver: 0 })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('marina')
        .setSubject(user.userId)
        .setJti('forever')
        .setIssuedAt()
        .sign(key);
    expect(
      await t
        .anonymous()
        .withToken(await forever('access'))
        .errorCode(ME),
    ).toBe('UNAUTHENTICATED');
    expect((await refresh(await forever('refresh'))).code).toBe('UNAUTHENTICATED');
    // the same claims with an exp are accepted (the key derivation above is right)
    const bounded = await new SignJWT({ kind: 'access', ver: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('marina')
      .setSubject(user.userId)
      .setJti('bounded')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(key);
    expect((await t.anonymous().withToken(bounded).ok(ME)).me.id).toBe(user.userId);
  });

  it('logout ends the own session; allSessions ends every session and access token; apiTokens also the API tokens', async () => {
    const user = await t.newUser('leaver');
    const laptop = await t.anonymous().loginAs(user.username, PASSWORD);
    const phone = await t.anonymous().loginAs(user.username, PASSWORD);
    const api = (await user.ok(`mutation{ createApiToken(name:"ci"){ token } }`)).createApiToken.token as string;

    await laptop.ok(`mutation{ logout }`);
    expect((await refresh(laptop.refresh!)).code).toBe('UNAUTHENTICATED');
    expect((await refresh(phone.refresh!)).refreshToken).toEqual(expect.any(String));

    await user.ok(`mutation{ logout(allSessions: true) }`);
    expect(await phone.errorCode(ME)).toBe('UNAUTHENTICATED');
    expect(await user.errorCode(ME)).toBe('UNAUTHENTICATED');
    expect((await refresh(user.refresh!)).code).toBe('UNAUTHENTICATED');
    expect((await t.anonymous().withToken(api).ok(ME)).me.id).toBe(user.userId);

    const again = await t.anonymous().loginAs(user.username, PASSWORD);
    await again.ok(`mutation{ logout(allSessions: true, apiTokens: true) }`);
    expect(await t.anonymous().withToken(api).errorCode(ME)).toBe('UNAUTHENTICATED');
  });
});
