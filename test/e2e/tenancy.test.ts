import { startTestMarina, type TestMarina } from '../support/marina';

/**
 * Workspace isolation for every entity type the foundation exposes: workspaces, members, vendor
 * applications, API tokens, users. (Later entity types add their cases to their own suites.)
 */
let t: TestMarina;
beforeAll(async () => {
  t = await startTestMarina('tenancy');
});
afterAll(() => t?.stop());

const WS = `query($id:ID!){ workspace(id:$id){ id name members { totalCount edges { node { username } } } } }`;

async function workspaceOf(client: Awaited<ReturnType<TestMarina['newUser']>>): Promise<string> {
  return (await client.ok(`{ me { workspace { id } } }`)).me.workspace.id;
}

describe('two workspaces', () => {
  it('members of A cannot read or change B, until B invites them', async () => {
    const a = await t.newUser('a');
    const b = await t.newUser('b');
    const wsA = await workspaceOf(a);
    const wsB = await workspaceOf(b);
    expect(wsA).not.toBe(wsB);

    // workspaces and members
    expect(await a.errorCode(WS, { id: wsB })).toBe('NOT_FOUND');
    expect((await a.ok(`{ workspaces { id } }`)).workspaces).toEqual([{ id: wsA }]);
    expect(
      await a.errorCode(
        `mutation($w:ID!,$u:ID!){ inviteWorkspaceMember(workspaceId:$w,userId:$u,role:MEMBER){ id } }`,
        { w: wsB, u: a.userId },
      ),
    ).toBe('NOT_FOUND');
    expect(
      await a.errorCode(`mutation($w:ID!,$u:ID!){ removeWorkspaceMember(workspaceId:$w,userId:$u) }`, {
        w: wsB,
        u: b.userId,
      }),
    ).toBe('NOT_FOUND');

    // vendor applications
    await b.ok(`mutation{ submitVendor(companyName:"B Corp"){ id } }`);
    expect((await a.ok(`{ vendors { totalCount } }`)).vendors.totalCount).toBe(0);

    // API tokens
    const token = await b.ok(`mutation{ createApiToken(name:"b-console"){ id } }`);
    expect(await a.errorCode(`mutation($id:ID!){ revokeApiToken(id:$id) }`, { id: token.createApiToken.id })).toBe(
      'NOT_FOUND',
    );
    expect((await a.ok(`{ apiTokens { id } }`)).apiTokens).toEqual([]);

    // users (admin only)
    expect(await a.errorCode(`{ users { totalCount } }`)).toBe('FORBIDDEN');

    // B invites A as a VIEWER; once A accepts, A reads B's workspace but still cannot manage its members
    const invited = await b.ok(
      `mutation($w:ID!,$u:ID!){ inviteWorkspaceMember(workspaceId:$w,userId:$u,role:VIEWER){ id role } }`,
      { w: wsB, u: a.userId },
    );
    expect(await a.errorCode(WS, { id: wsB })).toBe('NOT_FOUND');
    await a.ok(`mutation($id:ID!){ acceptWorkspaceInvitation(id:$id){ role } }`, {
      id: invited.inviteWorkspaceMember.id,
    });
    const seen = await a.ok(WS, { id: wsB });
    expect(seen.workspace.members.edges.map((e: any) => e.node.username).sort()).toEqual(
      [a.username, b.username].sort(),
    );
    expect(
      await a.errorCode(
        `mutation($w:ID!,$u:ID!){ setWorkspaceMemberRole(workspaceId:$w,userId:$u,role:ADMIN){ id } }`,
        { w: wsB, u: a.userId },
      ),
    ).toBe('FORBIDDEN');
    expect(
      await b.errorCode(
        `mutation($w:ID!,$u:ID!){ setWorkspaceMemberRole(workspaceId:$w,userId:$u,role:OWNER){ id } }`,
        { w: wsB, u: a.userId },
      ),
    ).toBe('FORBIDDEN');
  });

  it('an admin reads every workspace', async () => {
    const u = await t.newUser('c');
    const admin = await t.admin();
    const seen = await admin.ok(WS, { id: await workspaceOf(u) });
    expect(seen.workspace.members.totalCount).toBe(1);
  });
});
