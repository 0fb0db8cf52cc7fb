import { Topics } from '@goodloop/contracts';
import { waitFor } from '@goodloop/common/testing';
import { DataSource } from 'typeorm';
import { demo, Platform } from './platform';

const minutes = (n: number) => n * 60_000;

/**
 * The two-person rule through the public API, on the real services (OWASP ASVS 2.3.5): an
 * organizer raises a resident's attendance from 0 to 120 minutes alone. Nothing is verified and
 * no point moves; approving his own proposal is refused (403 OWN_PROPOSAL); only a second
 * manager's approval verifies it and credits the points, once, also when the approval is
 * retried with its Idempotency-Key.
 */
describe('a large raise needs a second manager (through the gateway)', () => {
  const platform = new Platform('e2e_twoperson');
  let organizer: string;
  let admin: string;
  let resident: string;
  let residentId: string;
  let orgId: string;

  beforeAll(async () => {
    await platform.start();
    organizer = await platform.login(demo('organizer'));
    admin = await platform.login(demo('admin'));
    resident = await platform.login(demo('resident'));
    orgId = await platform.organizedOrg(organizer);
    residentId = (await as(resident).get('/me').expect(200)).body.id as string;
  });

  afterAll(() => platform.stop());

  function as(token: string) {
    return {
      post: (path: string, body: object = {}, idempotencyKey?: string) => {
        const req = platform.http().post(`/api/v1${path}`).set('authorization', `Bearer ${token}`);
        if (idempotencyKey) void req.set('idempotency-key', idempotencyKey);
        return req.send(body);
      },
      get: (path: string) => platform.http().get(`/api/v1${path}`).set('authorization', `Bearer ${token}`),
    };
  }

  const hoursVerifiedRows = async (attendanceId: string): Promise<number> => {
    const volunteers = platform.volunteers!.get(DataSource);
    const rows = (await volunteers.query(
      `SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND envelope->'payload'->>'attendanceId' = $2`,
      [Topics.HoursVerifiedV1, attendanceId],
    )) as { n: number }[];
    return rows[0]!.n;
  };
  const earnTransfers = async (attendanceId: string): Promise<number> => {
    const ledger = platform.ledger!.get(DataSource);
    const rows = (await ledger.query(`SELECT count(*)::int AS n FROM transfers WHERE id = $1`, [
      `earn:attendance:${attendanceId}`,
    ])) as { n: number }[];
    return rows[0]!.n;
  };
  const balance = async () => ((await as(resident).get('/me/wallet').expect(200)).body as { balance: number }).balance;

  it('holds the raise, refuses the proposer approving it, and credits once after a colleague approves', async () => {
    const activity = await as(organizer).post('/activities', {
      orgId,
      title: '大幅补录需第二人审批',
      category: 'community',
      place: { name: '阳光社区活动中心' },
      startsAt: new Date(Date.now() - minutes(10)).toISOString(),
      endsAt: new Date(Date.now() + minutes(120)).toISOString(),
      capacity: 5,
      pointsPerHour: 100,
    });
    expect(activity.status).toBe(201);
    const activityId = activity.body.id as string;
    expect((await as(resident).post(`/activities/${activityId}/signups`)).status).toBe(201);
    expect(
      (await as(organizer).post(`/activities/${activityId}/attendance`, { action: 'check_in', userId: residentId })).status,
    ).toBe(201);
    const out = await as(organizer).post(`/activities/${activityId}/attendance`, { action: 'check_out', userId: residentId });
    expect(out.body).toMatchObject({ status: 'checked_out', recordedMinutes: 0 });
    const attendanceId = out.body.id as string;
    const before = await balance();

    // The attack: one organizer raises the attendance by two hours, alone.
    const proposed = await as(organizer).post(
      `/attendance/${attendanceId}/verify`,
      { minutes: 120, reason: '补录全程' },
      'tp-verify-1',
    );
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ status: 'pending_approval', proposedMinutes: 120, verifiedMinutes: null });

    // He approves his own proposal: refused, and nothing moved.
    const own = await as(organizer).post(`/attendance/${attendanceId}/approve`, {}, 'tp-approve-own');
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ statusCode: 403, code: 'OWN_PROPOSAL' });
    const byResident = await as(resident).post(`/attendance/${attendanceId}/approve`, {}, 'tp-approve-resident');
    expect(byResident.status).toBe(403);
    expect(await hoursVerifiedRows(attendanceId)).toBe(0);
    expect(await earnTransfers(attendanceId)).toBe(0);
    expect(await balance()).toBe(before);

    // The resident sees it waiting.
    const mine = await as(resident).get(`/activities/${activityId}`).expect(200);
    expect(mine.body.mySignup.attendance).toMatchObject({ id: attendanceId, status: 'pending_approval' });

    // A second manager (here the platform admin) approves: 120 min × 100 an hour = 200 points, once.
    const approved = await as(admin).post(`/attendance/${attendanceId}/approve`, {}, 'tp-approve-admin');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'verified', verifiedMinutes: 120, proposedBy: expect.any(String) });
    const replay = await as(admin).post(`/attendance/${attendanceId}/approve`, {}, 'tp-approve-admin');
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(approved.body);
    expect(await hoursVerifiedRows(attendanceId)).toBe(1);
    const after = await waitFor(balance, (b) => b !== before, { what: 'the approved points' });
    expect(after).toBe(before + 200);
    expect(await earnTransfers(attendanceId)).toBe(1);
  });

  it('rejects with a reason: back to checked_out, nothing credited, verifiable again at the recorded minutes', async () => {
    const activity = await as(organizer).post('/activities', {
      orgId,
      title: '补录被驳回',
      category: 'community',
      place: { name: '阳光社区活动中心' },
      startsAt: new Date(Date.now() - minutes(10)).toISOString(),
      endsAt: new Date(Date.now() + minutes(120)).toISOString(),
      capacity: 5,
      pointsPerHour: 100,
    });
    const activityId = activity.body.id as string;
    await as(resident).post(`/activities/${activityId}/signups`).expect(201);
    await as(organizer).post(`/activities/${activityId}/attendance`, { action: 'check_in', userId: residentId }).expect(201);
    const out = await as(organizer).post(`/activities/${activityId}/attendance`, { action: 'check_out', userId: residentId });
    const attendanceId = out.body.id as string;
    await as(organizer).post(`/attendance/${attendanceId}/verify`, { minutes: 90, reason: '补录' }, 'tp-verify-2').expect(200);

    const noReason = await as(admin).post(`/attendance/${attendanceId}/reject`, {});
    expect(noReason.status).toBe(400);
    expect((noReason.body as { details: { field: string }[] }).details.map((d) => d.field)).toEqual(['reason']);
    const rejected = await as(admin).post(`/attendance/${attendanceId}/reject`, { reason: '签到表上没有记录' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'checked_out', recordedMinutes: 0, rejectionReason: '签到表上没有记录' });
    expect(await hoursVerifiedRows(attendanceId)).toBe(0);

    const plain = await as(organizer).post(`/attendance/${attendanceId}/verify`, {}, 'tp-verify-3');
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ status: 'verified', verifiedMinutes: 0 });
  });
});
