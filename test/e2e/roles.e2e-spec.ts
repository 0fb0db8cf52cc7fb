/**
 * Roles through the whole platform (gateway + volunteers + ledger): an organizer removed from an
 * organisation can no longer publish or verify there, and a disabled account's token stops
 * working at once.
 */
import { randomUUID } from 'node:crypto';
import { demo, Platform } from './platform';

const minutes = (n: number) => n * 60_000;

describe('roles and accounts through the gateway', () => {
  const platform = new Platform('e2e_roles');
  let admin: string;

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    await platform.start();
    admin = await platform.login(demo('admin'));
  });

  afterAll(() => platform.stop());

  function publish(token: string, orgId: string, title: string) {
    return platform
      .http()
      .post('/api/v1/activities')
      .set(as(token))
      .send({
        orgId,
        title,
        category: 'elderly',
        place: { name: '社区活动中心' },
        startsAt: new Date(Date.now() - minutes(10)).toISOString(),
        endsAt: new Date(Date.now() + minutes(120)).toISOString(),
        capacity: 5,
        pointsPerHour: 10,
      });
  }

  it('stops a removed organizer publishing and verifying in that organisation', async () => {
    const org = await platform.http().post('/api/v1/orgs').set(as(admin)).send({ name: '移除测试社区', kind: 'community' });
    expect(org.status).toBe(201);
    const orgId = org.body.id as string;
    const organizerEmail = `organizer-${randomUUID().slice(0, 8)}@example.org`;
    const organizer = await platform.register(organizerEmail, '临时组织者');
    const resident = await platform.register(`resident-${randomUUID().slice(0, 8)}@example.org`, '居民');

    const invitation = await platform
      .http()
      .post(`/api/v1/orgs/${orgId}/members`)
      .set(as(admin))
      .send({ email: organizerEmail, role: 'organizer' });
    expect(invitation.status).toBe(201);
    // Not an organizer until accepted.
    expect((await publish(organizer.token, orgId, '接受前')).status).toBe(403);
    await platform
      .http()
      .post(`/api/v1/invitations/${invitation.body.id as string}/accept`)
      .set(as(organizer.token))
      .expect(200);

    const activity = await publish(organizer.token, orgId, '移除前发布的活动');
    expect(activity.status).toBe(201);
    const { id: activityId, checkInCode } = activity.body as { id: string; checkInCode: string };
    await platform.http().post(`/api/v1/activities/${activityId}/signups`).set(as(resident.token)).expect(201);
    await platform
      .http()
      .post(`/api/v1/activities/${activityId}/attendance`)
      .set(as(resident.token))
      .send({ action: 'check_in', code: checkInCode })
      .expect(201);
    const checkOut = await platform
      .http()
      .post(`/api/v1/activities/${activityId}/attendance`)
      .set(as(organizer.token))
      .send({ action: 'check_out', userId: resident.userId });
    expect(checkOut.status).toBe(201);
    const attendanceId = checkOut.body.id as string;

    await platform.http().delete(`/api/v1/orgs/${orgId}/members/${organizer.userId}`).set(as(admin)).expect(200);

    // The same access token, from the next request on: no longer an organizer of this org.
    expect((await publish(organizer.token, orgId, '移除后发布')).status).toBe(403);
    const verify = await platform
      .http()
      .post(`/api/v1/attendance/${attendanceId}/verify`)
      .set(as(organizer.token))
      .send({ minutes: 30, reason: '移除后尝试核验：应被拒绝' });
    expect(verify.status).toBe(403);
    // Nothing moved: the attendance is still waiting for a verification an admin can still make.
    const byAdmin = await platform
      .http()
      .post(`/api/v1/attendance/${attendanceId}/verify`)
      .set(as(admin))
      .send({ minutes: 30, reason: '管理员核验：服务时长以现场记录为准' });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.status).toBe('verified');
  });

  it('refuses a disabled account’s existing token and refresh at once', async () => {
    const email = `disabled-${randomUUID().slice(0, 8)}@example.org`;
    const res = await platform
      .http()
      .post('/api/v1/auth/register')
      .send({ email, password: 'Resident-pass-2026', displayName: '停用' });
    expect(res.status).toBe(201);
    const { accessToken, refreshToken, user } = res.body as { accessToken: string; refreshToken: string; user: { id: string } };
    await platform.http().get('/api/v1/me/wallet').set(as(accessToken)).expect(200);

    await platform.http().post(`/api/v1/users/${user.id}/disable`).set(as(admin)).expect(200);
    const wallet = await platform.http().get('/api/v1/me/wallet').set(as(accessToken));
    expect(wallet.status).toBe(401);
    expect(wallet.body.code).toBe('ACCOUNT_DISABLED');
    expect((await platform.http().post('/api/v1/auth/refresh').send({ refreshToken })).status).toBe(401);
  });
});
