import { api, gatewayTestConfig, register, startGateway, uniqueEmail, type Registered } from './support/gateway-test-kit';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@goodloop/contracts';
import { KafkaTestClient, testTopicPrefix, type Tap } from '@goodloop/common/testing';
import { DataSource } from 'typeorm';

const SUITE = 'orgs';

describe('gateway organisations and memberships', () => {
  let app: INestApplication;
  let kafka: KafkaTestClient;
  let reader: Tap;
  let admin: Registered;

  const auth = (user: Registered) => ({ authorization: `Bearer ${user.accessToken}` });

  /** Invites by email and has the invitee accept: the only way a membership is made. */
  async function inviteAndAccept(by: Registered, orgId: string, invitee: Registered, role: string, email = invitee.email) {
    const invited = await api(app).post(`/api/v1/orgs/${orgId}/members`).set(auth(by)).send({ email, role });
    if (invited.status !== 201) throw new Error(`invite: ${invited.status} ${JSON.stringify(invited.body)}`);
    await api(app)
      .post(`/api/v1/invitations/${invited.body.id as string}/accept`)
      .set(auth(invitee))
      .expect(200);
    return invited;
  }

  beforeAll(async () => {
    app = await startGateway(gatewayTestConfig(SUITE));
    kafka = new KafkaTestClient(testTopicPrefix(SUITE));
    reader = await kafka.tap([
      Topics.UserRegisteredV1,
      Topics.OrgCreatedV1,
      Topics.MembershipChangedV1,
      Topics.ResidentVerifiedV1,
    ]);
    admin = await register(app, uniqueEmail('admin'), '管理员');
    // Platform admins are made by operators (or the demo seed), never through the API.
    await app.get(DataSource).query(`UPDATE users SET platform_roles = '{resident,admin}' WHERE id = $1`, [admin.userId]);
  });

  afterAll(async () => {
    await kafka?.close();
    await app?.close();
  });

  it('lets an admin create an org and add an organizer by email, and publishes the identity events', async () => {
    const created = await api(app).post('/api/v1/orgs').set(auth(admin)).send({ name: ' 阳光社区（测试） ', kind: 'community' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: '阳光社区（测试）',
      kind: 'community',
      createdBy: admin.userId,
      supportedBy: null,
      createdAt: expect.any(String),
    });
    const orgId = created.body.id as string;

    const organizer = await register(app, uniqueEmail('organizer'), '组织者');
    const added = await inviteAndAccept(admin, orgId, organizer, 'organizer', organizer.email.toUpperCase());
    expect(added.body).toMatchObject({ orgId, userId: organizer.userId, role: 'organizer', status: 'pending' });

    // The new role counts from the next request on: no new token needed.
    const me = await api(app).get('/api/v1/me').set(auth(organizer)).expect(200);
    expect(me.body.roles).toEqual(['resident', 'organizer']);
    expect(me.body.memberships).toEqual([{ orgId, orgName: '阳光社区（测试）', orgKind: 'community', role: 'organizer' }]);

    // The organizer manages the org now: adds a resident as a plain member.
    const resident = await register(app, uniqueEmail('resident'), '居民');
    await inviteAndAccept(organizer, orgId, resident, 'member');

    // Members see the member list; emails only for the org's managers and admins.
    const asOrganizer = await api(app).get(`/api/v1/orgs/${orgId}`).set(auth(organizer)).expect(200);
    expect(asOrganizer.body.memberCount).toBe(3);
    expect(asOrganizer.body.members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: organizer.userId, role: 'organizer', email: organizer.email }),
        expect.objectContaining({ userId: resident.userId, role: 'member', email: resident.email }),
      ]),
    );
    const asMember = await api(app).get(`/api/v1/orgs/${orgId}`).set(auth(resident)).expect(200);
    expect(asMember.body.members).toHaveLength(3);
    expect((asMember.body.members as { email?: string }[]).every((m) => m.email === undefined)).toBe(true);
    const outsider = await register(app, uniqueEmail('outsider'));
    const asOutsider = await api(app).get(`/api/v1/orgs/${orgId}`).set(auth(outsider)).expect(200);
    expect(asOutsider.body.members).toBeUndefined();
    expect(asOutsider.body.memberCount).toBe(3);

    const listed = await api(app).get('/api/v1/orgs').query({ kind: 'community', q: '阳光' }).set(auth(outsider)).expect(200);
    expect((listed.body.items as { id: string }[]).map((o) => o.id)).toContain(orgId);

    const registered = await reader.waitFor(Topics.UserRegisteredV1, (p) => p.userId === organizer.userId);
    expect(registered.message.key).toBe(organizer.userId);
    expect(registered.envelope).toMatchObject({
      type: Topics.UserRegisteredV1,
      version: 1,
      producer: 'gateway',
      payload: { userId: organizer.userId, email: organizer.email, displayName: '组织者', locale: 'zh-CN' },
    });
    const orgCreated = await reader.waitFor(Topics.OrgCreatedV1, (p) => p.orgId === orgId);
    expect(orgCreated.envelope.payload).toMatchObject({ name: '阳光社区（测试）', kind: 'community' });
    const creatorJoined = await reader.waitFor(Topics.MembershipChangedV1, (p) => p.orgId === orgId && p.userId === admin.userId);
    expect(creatorJoined.envelope.payload).toMatchObject({ role: 'organizer', change: 'added' });
    const organizerJoined = await reader.waitFor(
      Topics.MembershipChangedV1,
      (p) => p.orgId === orgId && p.userId === organizer.userId,
    );
    expect(organizerJoined.message.key).toBe(orgId);
    expect(organizerJoined.envelope.payload).toEqual({
      orgId,
      userId: organizer.userId,
      role: 'organizer',
      change: 'added',
      changedAt: expect.any(String),
    });
  });

  it('refuses what only admins and managers may do', async () => {
    const resident = await register(app, uniqueEmail('plain'));
    const denied = await api(app).post('/api/v1/orgs').set(auth(resident)).send({ name: '我的组织', kind: 'community' });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ statusCode: 403, error: 'Forbidden', code: 'FORBIDDEN' });

    const org = await api(app)
      .post('/api/v1/orgs')
      .set(auth(admin))
      .send({ name: '社区公益基金会（测试）', kind: 'foundation' })
      .expect(201);
    const orgId = org.body.id as string;
    await api(app)
      .post(`/api/v1/orgs/${orgId}/members`)
      .set(auth(resident))
      .send({ email: resident.email, role: 'reviewer' })
      .expect(403);
    await api(app).post('/api/v1/users/00000000-0000-4000-8000-000000000000/verify-resident').set(auth(resident)).expect(403);

    // Roles belong to kinds; unknown accounts and repeats are named as such.
    const wrongRole = await api(app)
      .post(`/api/v1/orgs/${orgId}/members`)
      .set(auth(admin))
      .send({ email: resident.email, role: 'organizer' });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body).toMatchObject({ code: 'ROLE_NOT_ALLOWED_FOR_KIND', details: [{ field: 'role' }] });
    const nobody = await api(app)
      .post(`/api/v1/orgs/${orgId}/members`)
      .set(auth(admin))
      .send({ email: uniqueEmail('nobody'), role: 'reviewer' });
    expect(nobody.status).toBe(404);
    expect(nobody.body).toMatchObject({ statusCode: 404, code: 'USER_NOT_FOUND' });
    await inviteAndAccept(admin, orgId, resident, 'reviewer');
    const again = await api(app)
      .post(`/api/v1/orgs/${orgId}/members`)
      .set(auth(admin))
      .send({ email: resident.email, role: 'reviewer' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_MEMBER');
    await api(app)
      .post('/api/v1/orgs/00000000-0000-4000-8000-000000000000/members')
      .set(auth(admin))
      .send({ email: resident.email, role: 'member' })
      .expect(404);
    const badId = await api(app).get('/api/v1/orgs/not-a-uuid').set(auth(admin));
    expect(badId.status).toBe(400);
    expect(badId.body.details).toEqual([{ field: 'id', errors: ['id must be a UUID'] }]);

    // Foundation staff may found the social organisations their foundation supports.
    const staff = await register(app, uniqueEmail('staff'));
    await inviteAndAccept(admin, orgId, staff, 'foundation_staff');
    const supported = await api(app).post('/api/v1/orgs').set(auth(staff)).send({ name: '社工服务社', kind: 'social_org' });
    expect(supported.status).toBe(201);
    expect(supported.body).toMatchObject({ kind: 'social_org', supportedBy: orgId, createdBy: staff.userId });
  });

  it('lets an admin verify a resident, once', async () => {
    const resident = await register(app, uniqueEmail('verify'));
    const first = await api(app).post(`/api/v1/users/${resident.userId}/verify-resident`).set(auth(admin));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: resident.userId, residentVerified: true });
    await api(app).post(`/api/v1/users/${resident.userId}/verify-resident`).set(auth(admin)).expect(200);
    const me = await api(app).get('/api/v1/me').set(auth(resident)).expect(200);
    expect(me.body.residentVerified).toBe(true);

    const event = await reader.waitFor(Topics.ResidentVerifiedV1, (p) => p.userId === resident.userId);
    expect(event.envelope.payload).toMatchObject({ userId: resident.userId, verifiedBy: admin.userId });
    const outbox = (await app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND key = $2`, [
        Topics.ResidentVerifiedV1,
        resident.userId,
      ])) as { n: number }[];
    expect(outbox[0]?.n).toBe(1);
  });
});
