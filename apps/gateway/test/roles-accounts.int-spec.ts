import { api, gatewayTestConfig, register, startGateway, uniqueEmail, type Registered } from './support/gateway-test-kit';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@goodloop/contracts';
import { KafkaTestClient, testTopicPrefix, type Tap } from '@goodloop/common/testing';
import { DataSource } from 'typeorm';

const SUITE = 'roles';

/**
 * Trust and safety: each rule is attacked through the API, and the test checks both the refusal
 * and that nothing moved (no row, no event).
 */
describe('gateway roles, invitations and account administration', () => {
  let app: INestApplication;
  let db: DataSource;
  let kafka: KafkaTestClient;
  let reader: Tap;
  let admin: Registered;
  let foundationId: string;
  let staff: Registered;

  const auth = (user: Registered) => ({ authorization: `Bearer ${user.accessToken}` });
  const count = async (sql: string, params: unknown[]) =>
    ((await db.query(`SELECT count(*)::int AS n FROM ${sql}`, params)) as { n: number }[])[0]!.n;
  const outboxFor = (topic: string, key: string) => count(`outbox WHERE topic = $1 AND key = $2`, [topic, key]);
  const roleRows = (orgId: string, userId: string) => count(`memberships WHERE org_id = $1 AND user_id = $2`, [orgId, userId]);

  async function invite(by: Registered, orgId: string, email: string, role: string) {
    return api(app).post(`/api/v1/orgs/${orgId}/members`).set(auth(by)).send({ email, role });
  }
  async function inviteAndAccept(by: Registered, orgId: string, invitee: Registered, role: string) {
    const invited = await invite(by, orgId, invitee.email, role);
    if (invited.status !== 201) throw new Error(`invite: ${invited.status} ${JSON.stringify(invited.body)}`);
    await api(app)
      .post(`/api/v1/invitations/${invited.body.id as string}/accept`)
      .set(auth(invitee))
      .expect(200);
  }
  async function createOrg(by: Registered, name: string, kind: string): Promise<string> {
    const res = await api(app).post('/api/v1/orgs').set(auth(by)).send({ name, kind });
    if (res.status !== 201) throw new Error(`create org: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  beforeAll(async () => {
    app = await startGateway(gatewayTestConfig(SUITE));
    db = app.get(DataSource);
    kafka = new KafkaTestClient(testTopicPrefix(SUITE));
    reader = await kafka.tap([Topics.MembershipChangedV1, Topics.UserStatusChangedV1, Topics.WalletFreezeChangedV1]);
    admin = await register(app, uniqueEmail('admin'), '管理员');
    await db.query(`UPDATE users SET platform_roles = '{resident,admin}' WHERE id = $1`, [admin.userId]);
    foundationId = await createOrg(admin, '社区公益基金会（角色）', 'foundation');
    staff = await register(app, uniqueEmail('staff'), '基金会员工');
    await inviteAndAccept(admin, foundationId, staff, 'foundation_staff');
  });

  afterAll(async () => {
    await kafka?.close();
    await app?.close();
  });

  it('refuses an organizer founding a business or granting managing roles, and leaves no trace', async () => {
    const communityId = await createOrg(admin, '阳光社区（角色）', 'community');
    const organizer = await register(app, uniqueEmail('organizer'));
    await inviteAndAccept(admin, communityId, organizer, 'organizer');
    const orgsBefore = await count(`orgs`, []);
    const identityEvents = () => count(`outbox WHERE topic IN ($1, $2)`, [Topics.OrgCreatedV1, Topics.MembershipChangedV1]);
    const outboxBefore = await identityEvents();

    const business = await api(app).post('/api/v1/orgs').set(auth(organizer)).send({ name: '我的企业', kind: 'business' });
    expect(business.status).toBe(403);
    expect(business.body.code).toBe('FORBIDDEN');
    // Himself as foundation staff: he does not manage the foundation.
    expect((await invite(organizer, foundationId, organizer.email, 'foundation_staff')).status).toBe(403);
    // A second organizer of his own community is an admin's (or the supporting foundation's) call.
    const friend = await register(app, uniqueEmail('friend'));
    const second = await invite(organizer, communityId, friend.email, 'organizer');
    expect(second.status).toBe(403);
    expect(second.body.message).toMatch(/admin decision/);
    // A plain member he may invite.
    expect((await invite(organizer, communityId, friend.email, 'member')).status).toBe(201);

    expect(await count(`orgs`, [])).toBe(orgsBefore);
    // Only the admin's invitation of the organizer (accepted) exists; no membership, no event moved.
    expect(await count(`invitations WHERE role <> 'member' AND user_id IN ($1, $2)`, [organizer.userId, friend.userId])).toBe(1);
    expect(await roleRows(foundationId, organizer.userId)).toBe(0);
    expect(await roleRows(communityId, friend.userId)).toBe(0);
    expect(await identityEvents()).toBe(outboxBefore);
  });

  it('lets foundation staff found only supported communities and grant their organizers, never more staff', async () => {
    const before = await count(`orgs`, []);
    const business = await api(app).post('/api/v1/orgs').set(auth(staff)).send({ name: '爱心企业（角色）', kind: 'business' });
    expect(business.status).toBe(403);
    expect(await count(`orgs`, [])).toBe(before);

    const community = await api(app).post('/api/v1/orgs').set(auth(staff)).send({ name: '新社区（角色）', kind: 'community' });
    expect(community.status).toBe(201);
    expect(community.body.supportedBy).toBe(foundationId);
    const organizer = await register(app, uniqueEmail('supported-organizer'));
    await inviteAndAccept(staff, community.body.id as string, organizer, 'organizer');
    expect(await roleRows(community.body.id as string, organizer.userId)).toBe(1);

    const colleague = await register(app, uniqueEmail('colleague'));
    expect((await invite(staff, foundationId, colleague.email, 'foundation_staff')).status).toBe(403);
    expect((await invite(staff, foundationId, colleague.email, 'reviewer')).status).toBe(201);
    expect(await roleRows(foundationId, colleague.userId)).toBe(0);
  });

  it('makes a membership only when the invitee accepts, and only the invitee may', async () => {
    const communityId = await createOrg(admin, '邀请社区', 'community');
    const invitee = await register(app, uniqueEmail('invitee'), '受邀人');
    const intruder = await register(app, uniqueEmail('intruder'));

    const invited = await invite(admin, communityId, invitee.email, 'member');
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ orgId: communityId, userId: invitee.userId, role: 'member', status: 'pending' });
    const invitationId = invited.body.id as string;
    expect(await roleRows(communityId, invitee.userId)).toBe(0);

    // Someone else cannot accept it (nor learn that it exists), and nothing moves.
    const stolen = await api(app).post(`/api/v1/invitations/${invitationId}/accept`).set(auth(intruder));
    expect(stolen.status).toBe(404);
    expect(await roleRows(communityId, intruder.userId)).toBe(0);
    expect(await roleRows(communityId, invitee.userId)).toBe(0);
    expect((await api(app).get('/api/v1/me/invitations').set(auth(intruder)).expect(200)).body.items).toEqual([]);

    // Inviting again while it is pending renews the same invitation.
    const again = await invite(admin, communityId, invitee.email, 'member');
    expect(again.body.id).toBe(invitationId);
    const mine = await api(app).get('/api/v1/me/invitations').set(auth(invitee)).expect(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: invitationId, orgName: '邀请社区', invitedByName: '管理员' }),
    ]);

    const accepted = await api(app).post(`/api/v1/invitations/${invitationId}/accept`).set(auth(invitee));
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(await roleRows(communityId, invitee.userId)).toBe(1);
    const event = await reader.waitFor(Topics.MembershipChangedV1, (p) => p.orgId === communityId && p.userId === invitee.userId);
    expect(event.envelope.payload).toMatchObject({ role: 'member', change: 'added' });
    expect((await api(app).post(`/api/v1/invitations/${invitationId}/accept`).set(auth(invitee))).body.code).toBe(
      'INVITATION_CLOSED',
    );
    expect((await invite(admin, communityId, invitee.email, 'member')).body.code).toBe('ALREADY_MEMBER');

    // An expired invitation cannot be accepted; inviting again renews it.
    const late = await register(app, uniqueEmail('late'));
    const lateId = (await invite(admin, communityId, late.email, 'member')).body.id as string;
    await db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [lateId]);
    expect((await api(app).get('/api/v1/me/invitations').set(auth(late))).body.items).toEqual([]);
    const expired = await api(app).post(`/api/v1/invitations/${lateId}/accept`).set(auth(late));
    expect(expired.status).toBe(410);
    expect(await roleRows(communityId, late.userId)).toBe(0);
    const renewed = await invite(admin, communityId, late.email, 'member');
    expect(renewed.body).toMatchObject({ id: lateId, status: 'pending' });
    const declined = await api(app).post(`/api/v1/invitations/${lateId}/decline`).set(auth(late));
    expect(declined.body.status).toBe('declined');
    expect(await roleRows(communityId, late.userId)).toBe(0);
    expect(await outboxFor(Topics.MembershipChangedV1, communityId)).toBe(2); // the creator and the invitee
  });

  it('removes a membership with its event; the role is gone from the next request on', async () => {
    const communityId = await createOrg(admin, '移除社区', 'community');
    const organizer = await register(app, uniqueEmail('removed'));
    await inviteAndAccept(admin, communityId, organizer, 'organizer');
    expect((await api(app).get('/api/v1/me').set(auth(organizer))).body.roles).toContain('organizer');
    const outsider = await register(app, uniqueEmail('outsider'));
    expect((await api(app).delete(`/api/v1/orgs/${communityId}/members/${organizer.userId}`).set(auth(outsider))).status).toBe(
      403,
    );

    const removed = await api(app).delete(`/api/v1/orgs/${communityId}/members/${organizer.userId}`).set(auth(admin));
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ orgId: communityId, userId: organizer.userId, roles: ['organizer'] });
    expect((await api(app).get('/api/v1/me').set(auth(organizer))).body).toMatchObject({ roles: ['resident'], memberships: [] });
    const event = await reader.waitFor(
      Topics.MembershipChangedV1,
      (p) => p.orgId === communityId && p.userId === organizer.userId && p.change === 'removed',
    );
    expect(event.envelope.payload).toMatchObject({ role: 'organizer' });
    expect((await api(app).delete(`/api/v1/orgs/${communityId}/members/${organizer.userId}`).set(auth(admin))).status).toBe(404);
  });

  it('withdraws the pending invitations of an inviter who lost the right to grant them', async () => {
    const communityId = await createOrg(admin, '撤回社区', 'community');
    const organizer = await register(app, uniqueEmail('inviter'));
    await inviteAndAccept(admin, communityId, organizer, 'organizer');
    const invitee = await register(app, uniqueEmail('late-invitee'));
    const invited = await invite(organizer, communityId, invitee.email, 'member');
    expect(invited.status).toBe(201);
    await api(app).delete(`/api/v1/orgs/${communityId}/members/${organizer.userId}`).set(auth(admin)).expect(200);

    const accepted = await api(app)
      .post(`/api/v1/invitations/${invited.body.id as string}/accept`)
      .set(auth(invitee));
    expect(accepted.status).toBe(409);
    expect(accepted.body.code).toBe('INVITATION_WITHDRAWN');
    expect(await roleRows(communityId, invitee.userId)).toBe(0);
  });

  it('disables an account: its token and refresh stop working at once, it cannot sign in; enabling restores it', async () => {
    const password = 'Resident-pass-2026';
    const user = await register(app, uniqueEmail('disabled'));
    await api(app).get('/api/v1/me').set(auth(user)).expect(200);
    const asResident = await api(app).post(`/api/v1/users/${user.userId}/disable`).set(auth(user));
    expect(asResident.status).toBe(403);
    expect((await api(app).post(`/api/v1/users/${admin.userId}/disable`).set(auth(admin))).status).toBe(409);

    const disabled = await api(app).post(`/api/v1/users/${user.userId}/disable`).set(auth(admin));
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).toEqual(expect.any(String));
    await api(app).post(`/api/v1/users/${user.userId}/disable`).set(auth(admin)).expect(200);

    const me = await api(app).get('/api/v1/me').set(auth(user));
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('ACCOUNT_DISABLED');
    const refreshed = await api(app).post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expect(refreshed.status).toBe(401);
    expect(await count(`refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`, [user.userId])).toBe(0);
    const login = await api(app).post('/api/v1/auth/login').send({ email: user.email, password });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('ACCOUNT_DISABLED');
    expect((await api(app).post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password-1' })).body.code).toBe(
      'INVALID_CREDENTIALS',
    );
    const event = await reader.waitFor(Topics.UserStatusChangedV1, (p) => p.userId === user.userId);
    expect(event.envelope.payload).toMatchObject({ disabled: true, changedBy: admin.userId });
    expect(await outboxFor(Topics.UserStatusChangedV1, user.userId)).toBe(1);

    await api(app).post(`/api/v1/users/${user.userId}/enable`).set(auth(admin)).expect(200);
    await api(app).post('/api/v1/auth/login').send({ email: user.email, password }).expect(200);
    await reader.waitFor(Topics.UserStatusChangedV1, (p) => p.userId === user.userId && p.disabled === false);
  });

  it('finds an account by email and freezes its wallet with one event per change', async () => {
    const user = await register(app, uniqueEmail('frozen'), '冻结用户');
    const found = await api(app).get('/api/v1/users').query({ email: user.email.toUpperCase() }).set(auth(admin));
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: user.userId, disabledAt: null, walletFrozenAt: null, memberships: [] });
    await api(app).get('/api/v1/users').query({ email: user.email }).set(auth(user)).expect(403);

    const frozen = await api(app).post(`/api/v1/users/${user.userId}/wallet/freeze`).set(auth(admin));
    expect(frozen.status).toBe(200);
    expect(frozen.body.walletFrozenAt).toEqual(expect.any(String));
    await api(app).post(`/api/v1/users/${user.userId}/wallet/freeze`).set(auth(admin)).expect(200);
    expect(await outboxFor(Topics.WalletFreezeChangedV1, user.userId)).toBe(1);
    const event = await reader.waitFor(Topics.WalletFreezeChangedV1, (p) => p.userId === user.userId);
    expect(event.envelope.payload).toMatchObject({ frozen: true, changedBy: admin.userId });
    const thawed = await api(app).post(`/api/v1/users/${user.userId}/wallet/unfreeze`).set(auth(admin));
    expect(thawed.body.walletFrozenAt).toBeNull();
    expect(await outboxFor(Topics.WalletFreezeChangedV1, user.userId)).toBe(2);
  });
});
