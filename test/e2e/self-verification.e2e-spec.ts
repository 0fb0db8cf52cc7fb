import { Topics } from '@goodloop/contracts';
import { waitFor } from '@goodloop/common/testing';
import { DataSource } from 'typeorm';
import { demo, Platform } from './platform';

const minutes = (n: number) => n * 60_000;

/**
 * The self-crediting attack through the public API: an organizer signs up to his own activity,
 * checks in with the code he sees, checks out at once and verifies a full day for himself. It
 * is refused, nothing is emitted and his wallet stays as it was; another manager's verification
 * of the same attendance still works.
 */
describe('nobody verifies their own attendance (through the gateway)', () => {
  const platform = new Platform('e2e_selfverify');
  let organizer: string;
  let admin: string;
  let orgId: string;

  beforeAll(async () => {
    await platform.start();
    organizer = await platform.login(demo('organizer'));
    admin = await platform.login(demo('admin'));
    orgId = await platform.organizedOrg(organizer);
  });

  afterAll(() => platform.stop());

  const as = (token: string) => ({
    post: (path: string, body: object = {}) =>
      platform.http().post(`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body),
    get: (path: string) => platform.http().get(`/api/v1${path}`).set('authorization', `Bearer ${token}`),
  });

  const hoursVerifiedRows = async (attendanceId: string): Promise<number> => {
    const volunteers = platform.volunteers!.get(DataSource);
    const rows = (await volunteers.query(
      `SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND envelope->'payload'->>'attendanceId' = $2`,
      [Topics.HoursVerifiedV1, attendanceId],
    )) as { n: number }[];
    return rows[0]!.n;
  };

  it('refuses the organizer verifying himself: 403 SELF_VERIFICATION, no event, wallet unchanged', async () => {
    const activity = await as(organizer).post('/activities', {
      orgId,
      title: '自己报名自己核销',
      category: 'community',
      place: { name: '阳光社区活动中心' },
      startsAt: new Date(Date.now() - minutes(10)).toISOString(),
      endsAt: new Date(Date.now() + minutes(120)).toISOString(),
      capacity: 5,
      pointsPerHour: 1000,
    });
    expect(activity.status).toBe(201);
    const { id, checkInCode } = activity.body as { id: string; checkInCode: string };
    const before = (await as(organizer).get('/me/wallet').expect(200)).body as { balance: number };

    expect((await as(organizer).post(`/activities/${id}/signups`)).status).toBe(201);
    expect((await as(organizer).post(`/activities/${id}/attendance`, { action: 'check_in', code: checkInCode })).status).toBe(
      201,
    );
    const out = await as(organizer).post(`/activities/${id}/attendance`, { action: 'check_out', code: checkInCode });
    expect(out.status).toBe(201);
    expect(out.body).toMatchObject({ status: 'checked_out', recordedMinutes: 0 });
    const attendanceId = out.body.id as string;

    const self = await as(organizer).post(`/attendance/${attendanceId}/verify`, { minutes: 1440, reason: 'x' });
    expect(self.status).toBe(403);
    expect(self.body).toMatchObject({ statusCode: 403, code: 'SELF_VERIFICATION' });
    const selfPlain = await as(organizer).post(`/attendance/${attendanceId}/verify`, {});
    expect(selfPlain.status).toBe(403);

    expect(await hoursVerifiedRows(attendanceId)).toBe(0);
    const list = await as(organizer).get(`/activities/${id}/attendance`).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: attendanceId, status: 'checked_out', verifiedMinutes: null }),
    ]);

    // Another manager (here the platform admin) verifies a plausible correction: 60 minutes at
    // 1,000 points an hour = 1,000 points, once. Waiting for them proves the ledger is running,
    // so the unchanged balance before was not an accident of timing.
    const byAdmin = await as(admin).post(`/attendance/${attendanceId}/verify`, { minutes: 60, reason: '纸质签到表' });
    expect(byAdmin.status).toBe(200);
    expect(await hoursVerifiedRows(attendanceId)).toBe(1);
    const after = await waitFor(
      async () => ((await as(organizer).get('/me/wallet').expect(200)).body as { balance: number }).balance,
      (balance) => balance !== before.balance,
      { what: 'the colleague-verified points' },
    );
    expect(after).toBe(before.balance + 1000);
  });
});
