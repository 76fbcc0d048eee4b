import { startTestMarina, type TestMarina } from '../support/marina';
import { sql } from '../e2e/catalog-support';

/** Finding 6: membership is an invitation the invitee accepts; ownership changes only by the owner's transfer. */
let t: TestMarina;
beforeAll(async () => {
  t = await startTestMarina('sec_members');
});
afterAll(() => t?.stop());

type Client = Awaited<ReturnType<TestMarina['newUser']>>;
const WS = `query($id:ID!){ workspace(id:$id){ id name } }`;
const INVITE = `mutation($w:ID!,$u:ID!,$r:WorkspaceRole!){ inviteWorkspaceMember(workspaceId:$w,userId:$u,role:$r){ id role status } }`;
const ACCEPT = `mutation($id:ID!){ acceptWorkspaceInvitation(id:$id){ role } }`;
const SET_ROLE = `mutation($w:ID!,$u:ID!,$r:WorkspaceRole!){ setWorkspaceMemberRole(workspaceId:$w,userId:$u,role:$r){ role } }`;
const REMOVE = `mutation($w:ID!,$u:ID!){ removeWorkspaceMember(workspaceId:$w,userId:$u) }`;
const TRANSFER = `mutation($w:ID!,$u:ID!){ transferWorkspaceOwnership(workspaceId:$w,userId:$u){ id } }`;

async function workspaceOf(client: Client): Promise<string> {
  return (await client.ok(`{ me { workspace { id } } }`)).me.workspace.id;
}

async function roleIn(workspaceId: string, userId: string): Promise<string | undefined> {
  const rows = await sql<{ role: string }>(t, 'select role from memberships where workspace_id = $1 and user_id = $2', [
    workspaceId,
    userId,
  ]);
  return rows[0]?.role;
}

async function join(owner: Client, workspaceId: string, user: Client, role: string): Promise<void> {
  const invitation = await owner.ok(INVITE, { w: workspaceId, u: user.userId, r: role });
  await user.ok(ACCEPT, { id: invitation.inviteWorkspaceMember.id });
}

describe('finding 6: workspace membership and ownership', () => {
  it('nobody is added to a workspace without accepting', async () => {
    const owner = await t.newUser('owner');
    const invitee = await t.newUser('invitee');
    const ws = await workspaceOf(owner);
    const direct = await owner.request(
      `mutation($w:ID!,$u:ID!){ addWorkspaceMember(workspaceId:$w,userId:$u,role:MEMBER){ id } }`,
      { w: ws, u: invitee.userId },
    );
    expect(direct.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await invitee.errorCode(WS, { id: ws })).toBe('NOT_FOUND');

    const invitation = await owner.ok(INVITE, { w: ws, u: invitee.userId, r: 'MEMBER' });
    expect(invitation.inviteWorkspaceMember).toMatchObject({ role: 'MEMBER', status: 'PENDING' });
    expect(await roleIn(ws, invitee.userId)).toBeUndefined();
    expect(await invitee.errorCode(WS, { id: ws })).toBe('NOT_FOUND');
    const pending = await invitee.ok(`{ workspaceInvitations { id role workspace { id } invitedBy { id } } }`);
    expect(pending.workspaceInvitations).toEqual([
      {
        id: invitation.inviteWorkspaceMember.id,
        role: 'MEMBER',
        workspace: { id: ws },
        invitedBy: { id: owner.userId },
      },
    ]);

    // only the invitee accepts
    const stranger = await t.newUser('stranger');
    expect(await stranger.errorCode(ACCEPT, { id: invitation.inviteWorkspaceMember.id })).toBe('NOT_FOUND');
    expect(
      await invitee.ok(`mutation($id:ID!){ declineWorkspaceInvitation(id:$id) }`, {
        id: invitation.inviteWorkspaceMember.id,
      }),
    ).toEqual({ declineWorkspaceInvitation: true });
    expect(await invitee.errorCode(ACCEPT, { id: invitation.inviteWorkspaceMember.id })).toBe('NOT_FOUND');
    expect(await roleIn(ws, invitee.userId)).toBeUndefined();

    await join(owner, ws, invitee, 'VIEWER');
    expect(await roleIn(ws, invitee.userId)).toBe('VIEWER');
    expect((await invitee.ok(WS, { id: ws })).workspace.id).toBe(ws);
  });

  it('a workspace ADMIN cannot demote or remove the owner, by re-inviting, changing roles or removing', async () => {
    const owner = await t.newUser('owner');
    const admin = await t.newUser('wsadmin');
    const ws = await workspaceOf(owner);
    await join(owner, ws, admin, 'ADMIN');

    expect(await admin.errorCode(INVITE, { w: ws, u: owner.userId, r: 'VIEWER' })).toBe('BAD_USER_INPUT');
    expect(await admin.errorCode(SET_ROLE, { w: ws, u: owner.userId, r: 'VIEWER' })).toBe('FORBIDDEN');
    expect(await admin.errorCode(REMOVE, { w: ws, u: owner.userId })).toBe('FORBIDDEN');
    expect(await admin.errorCode(TRANSFER, { w: ws, u: admin.userId })).toBe('FORBIDDEN');
    expect(await admin.errorCode(SET_ROLE, { w: ws, u: admin.userId, r: 'OWNER' })).toBe('FORBIDDEN');
    expect(await roleIn(ws, owner.userId)).toBe('OWNER');
    expect(await roleIn(ws, admin.userId)).toBe('ADMIN');
  });

  it("roles are granted only up to the granter's own; OWNER is never granted", async () => {
    const owner = await t.newUser('owner');
    const member = await t.newUser('member');
    const admin = await t.newUser('admin2');
    const newcomer = await t.newUser('newcomer');
    const ws = await workspaceOf(owner);
    await join(owner, ws, member, 'MEMBER');
    await join(owner, ws, admin, 'ADMIN');
    expect(await member.errorCode(INVITE, { w: ws, u: newcomer.userId, r: 'VIEWER' })).toBe('FORBIDDEN');
    expect(await owner.errorCode(INVITE, { w: ws, u: newcomer.userId, r: 'OWNER' })).toBe('FORBIDDEN');
    expect(await admin.errorCode(SET_ROLE, { w: ws, u: member.userId, r: 'OWNER' })).toBe('FORBIDDEN');
    expect((await admin.ok(SET_ROLE, { w: ws, u: member.userId, r: 'VIEWER' })).setWorkspaceMemberRole.role).toBe(
      'VIEWER',
    );
    expect((await admin.ok(INVITE, { w: ws, u: newcomer.userId, r: 'ADMIN' })).inviteWorkspaceMember.role).toBe(
      'ADMIN',
    );
  });

  it("ownership changes only by the owner's explicit transfer to a member", async () => {
    const owner = await t.newUser('owner');
    const heir = await t.newUser('heir');
    const outsider = await t.newUser('outsider');
    const ws = await workspaceOf(owner);
    await join(owner, ws, heir, 'MEMBER');
    expect(await owner.errorCode(REMOVE, { w: ws, u: owner.userId })).toBe('FORBIDDEN');
    expect(await owner.errorCode(TRANSFER, { w: ws, u: outsider.userId })).toBe('BAD_USER_INPUT');
    expect(await heir.errorCode(TRANSFER, { w: ws, u: heir.userId })).toBe('FORBIDDEN');

    await owner.ok(TRANSFER, { w: ws, u: heir.userId });
    expect(await roleIn(ws, heir.userId)).toBe('OWNER');
    expect(await roleIn(ws, owner.userId)).toBe('ADMIN');
    expect(await owner.errorCode(TRANSFER, { w: ws, u: owner.userId })).toBe('FORBIDDEN');
    // the former owner may now leave
    expect(await owner.ok(REMOVE, { w: ws, u: owner.userId })).toEqual({ removeWorkspaceMember: true });
    expect(await owner.errorCode(WS, { id: ws })).toBe('NOT_FOUND');
  });
});
