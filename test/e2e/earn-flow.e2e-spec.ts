import { waitFor } from '@goodloop/common/testing';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '../../apps/gateway/src/auth/tokens.service';
import { demo, Platform, TEST_JWT_SECRET } from './platform';

interface Wallet {
  balance: number;
  pending: number;
  available: number;
}

interface Entry {
  transferId: string;
  amount: number;
  balanceAfter: number;
  code: string;
}

const minutes = (n: number) => n * 60_000;

/**
 * The earn flow through the public API, on the real services: organizer publishes, resident
 * signs up and checks in with the code, organizer checks out and verifies, the ledger credits
 * floor(minutes × points per hour / 60), and the books still balance.
 */
describe('earn flow through the gateway', () => {
  const platform = new Platform('e2e_earn');
  let organizer: string;
  let admin: string;
  let orgId: string;

  beforeAll(async () => {
    await platform.start();
    organizer = await platform.login(demo('organizer'));
    admin = await platform.login(demo('admin'));
    orgId = await platform.organizedOrg(organizer);
    // These tests raise 0 → 95 and 0 → 120 on purpose, by one organizer: the one-person path.
    // The programme lifts the two-person threshold (60 by default, see two-person.e2e-spec.ts)
    // to a day, and volunteers learns it from the ledger's announcement.
    const rule = await platform
      .http()
      .post('/api/v1/programmes/community-points/earn-rules')
      .set('authorization', `Bearer ${admin}`)
      .send({ raiseApprovalMinutes: 1440 });
    expect(rule.status).toBe(201);
    const volunteers = platform.volunteers!.get(DataSource);
    await waitFor(
      async () =>
        (await volunteers.query('SELECT raise_approval_minutes AS m FROM programme_earn_rules WHERE version = $1', [
          (rule.body as { version: number }).version,
        ])) as { m: number }[],
      (rows) => rows[0]?.m === 1440,
      { what: 'volunteers to learn the raise threshold', timeoutMs: 60_000 },
    );
  });

  afterAll(() => platform.stop());

  async function publishRunningActivity(title: string, capacity = 5, pointsPerHour = 10) {
    const res = await platform
      .http()
      .post('/api/v1/activities')
      .set('authorization', `Bearer ${organizer}`)
      .send({
        orgId,
        title,
        category: 'elderly',
        place: { name: '阳光社区活动中心' },
        startsAt: new Date(Date.now() - minutes(10)).toISOString(),
        endsAt: new Date(Date.now() + minutes(120)).toISOString(),
        capacity,
        pointsPerHour,
      });
    expect(res.status).toBe(201);
    return res.body as { id: string; checkInCode: string };
  }

  async function attendAndVerify(token: string, userId: string, activity: { id: string; checkInCode: string }, verified: number) {
    const signup = await platform
      .http()
      .post(`/api/v1/activities/${activity.id}/signups`)
      .set('authorization', `Bearer ${token}`);
    expect(signup.status).toBe(201);
    expect(signup.body.status).toBe('confirmed');
    const checkIn = await platform
      .http()
      .post(`/api/v1/activities/${activity.id}/attendance`)
      .set('authorization', `Bearer ${token}`)
      .send({ action: 'check_in', code: activity.checkInCode });
    expect(checkIn.status).toBe(201);
    expect(checkIn.body.status).toBe('checked_in');
    const checkOut = await platform
      .http()
      .post(`/api/v1/activities/${activity.id}/attendance`)
      .set('authorization', `Bearer ${organizer}`)
      .send({ action: 'check_out', userId });
    expect(checkOut.status).toBe(201);
    expect(checkOut.body.status).toBe('checked_out');
    const verify = await platform
      .http()
      .post(`/api/v1/attendance/${checkOut.body.id as string}/verify`)
      .set('authorization', `Bearer ${organizer}`)
      .send({ minutes: verified, reason: '签到后补录：实际服务时长以现场记录为准' });
    expect(verify.status).toBe(200);
    expect(verify.body.status).toBe('verified');
    expect(verify.body.verifiedMinutes).toBe(verified);
    return checkOut.body.id as string;
  }

  const wallet = async (token: string): Promise<Wallet> =>
    (await platform.http().get('/api/v1/me/wallet').set('authorization', `Bearer ${token}`).expect(200)).body as Wallet;

  it('credits the verified hours to the resident and keeps the trial balance at zero', async () => {
    const resident = await platform.login(demo('resident'));
    const me = await platform.http().get('/api/v1/me').set('authorization', `Bearer ${resident}`).expect(200);
    const activity = await publishRunningActivity('陪伴长者读报');
    expect(activity.checkInCode).toMatch(/^\d{6}$/);

    const before = await wallet(resident);
    const verifiedAt = Date.now();
    await attendAndVerify(resident, me.body.id as string, activity, 95);

    // 95 minutes at 10 points an hour: floor(95 × 10 / 60) = 15 points.
    const after = await waitFor(
      () => wallet(resident),
      (w) => w.balance === before.balance + 15,
      {
        what: 'points in the wallet',
      },
    );
    const latencyMs = Date.now() - verifiedAt;
    expect(after.available).toBe(after.balance - after.pending);
    console.log(`points arrived ${latencyMs} ms after verification`);

    const entries = await platform.http().get('/api/v1/me/wallet/entries').set('authorization', `Bearer ${resident}`).expect(200);
    const first = (entries.body as { items: Entry[] }).items[0]!;
    expect(first).toMatchObject({ amount: 15, balanceAfter: before.balance + 15, code: 'earn' });
    expect(first.transferId).toContain('earn:attendance:');

    const trial = await platform.http().get('/api/v1/ledger/trial-balance').set('authorization', `Bearer ${admin}`).expect(200);
    const assets = (trial.body as { assets: { asset: string; sum: number; balanced: boolean; debits: number }[] }).assets;
    const points = assets.find((a) => a.asset === 'POINTS');
    expect(points).toBeDefined();
    expect(points!.debits).toBeGreaterThanOrEqual(15);
    for (const asset of assets) {
      expect(asset.sum).toBe(0);
      expect(asset.balanced).toBe(true);
    }
  });

  it('delivers the points once when the ledger was down during verification', async () => {
    const { token, userId } = await platform.register(`down-${Date.now()}@example.org`, '居民小李');
    const activity = await publishRunningActivity('社区清洁（账本停机）');

    await platform.stopLedger();
    await attendAndVerify(token, userId, activity, 120);
    // With the ledger down, the wallet read says so in the public shape instead of failing.
    const down = await platform.http().get('/api/v1/me/wallet').set('authorization', `Bearer ${token}`);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ statusCode: 503 });

    await platform.startLedger();
    // 120 minutes at 10 points an hour = 20 points, once.
    await waitFor(
      () => wallet(token),
      (w) => w.balance === 20,
      { what: 'points after the ledger restarted', timeoutMs: 60_000 },
    );
    const entries = await platform.http().get('/api/v1/me/wallet/entries').set('authorization', `Bearer ${token}`).expect(200);
    expect((entries.body as { items: Entry[] }).items).toHaveLength(1);
  });

  it('refuses what a resident may not do, and bad or forged credentials', async () => {
    const resident = await platform.register(`guard-${Date.now()}@example.org`, '居民小张');
    const other = await platform.register(`other-${Date.now()}@example.org`, '居民小赵');
    const activity = await publishRunningActivity('权限检查活动');
    await platform
      .http()
      .post(`/api/v1/activities/${activity.id}/signups`)
      .set('authorization', `Bearer ${resident.token}`)
      .expect(201);
    const checkIn = await platform
      .http()
      .post(`/api/v1/activities/${activity.id}/attendance`)
      .set('authorization', `Bearer ${resident.token}`)
      .send({ action: 'check_in', code: activity.checkInCode })
      .expect(201);

    // A resident cannot verify attendance, not even their own.
    const verify = await platform
      .http()
      .post(`/api/v1/attendance/${checkIn.body.id as string}/verify`)
      .set('authorization', `Bearer ${resident.token}`)
      .send({});
    expect(verify.status).toBe(403);

    // …nor read another resident's wallet, nor publish activities.
    const foreign = await platform
      .http()
      .get(`/api/v1/users/${other.userId}/wallet`)
      .set('authorization', `Bearer ${resident.token}`);
    expect(foreign.status).toBe(403);
    const publish = await platform
      .http()
      .post('/api/v1/activities')
      .set('authorization', `Bearer ${resident.token}`)
      .send({
        orgId,
        title: 'x',
        category: 'community',
        place: { name: 'x' },
        startsAt: new Date(Date.now() + minutes(60)).toISOString(),
        endsAt: new Date(Date.now() + minutes(120)).toISOString(),
        capacity: 1,
        pointsPerHour: 1,
      });
    expect(publish.status).toBe(403);

    // Bad input: 400 naming each failing field, and nothing created.
    const bad = await platform
      .http()
      .post('/api/v1/activities')
      .set('authorization', `Bearer ${organizer}`)
      .send({ orgId, title: '', category: 'sports', place: {}, startsAt: 'tomorrow', capacity: 0, pointsPerHour: 2.5 });
    expect(bad.status).toBe(400);
    const fields = (bad.body as { details: { field: string }[] }).details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'category', 'startsAt', 'endsAt', 'capacity', 'pointsPerHour']));

    // Expired and tampered tokens.
    const jwt = new JwtService({ secret: TEST_JWT_SECRET });
    const expired = await jwt.signAsync(
      { sub: resident.userId, sid: randomUUID() },
      { expiresIn: -10, issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE },
    );
    await platform.http().get('/api/v1/me').set('authorization', `Bearer ${expired}`).expect(401);
    const [head, body, sig] = resident.token.split('.');
    const tampered = `${head}.${Buffer.from(JSON.stringify({ sub: other.userId, exp: 9_999_999_999 })).toString('base64url')}.${sig}`;
    expect(body).toBeDefined();
    await platform.http().get('/api/v1/me').set('authorization', `Bearer ${tampered}`).expect(401);
    const forged = await new JwtService({ secret: 'another-secret-another-secret-another-secret' }).signAsync({
      sub: resident.userId,
    });
    await platform.http().get('/api/v1/me').set('authorization', `Bearer ${forged}`).expect(401);
  });

  it('lets exactly ten of thirty simultaneous residents into ten places', async () => {
    const activity = await publishRunningActivity('十个名额的活动', 10);
    const residents = await Promise.all(
      Array.from({ length: 30 }, (_, i) => platform.register(`crowd-${i}-${Date.now()}@example.org`, `居民${i}`)),
    );
    const answers = await Promise.all(
      residents.map((r) =>
        platform.http().post(`/api/v1/activities/${activity.id}/signups`).set('authorization', `Bearer ${r.token}`),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(201));
    const statuses = answers.map((a) => a.body.status as string);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(20);
    const positions = answers.map((a) => a.body.waitlistPosition as number | undefined).filter((p) => p !== undefined);
    expect([...positions].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    const detail = await platform.http().get(`/api/v1/activities/${activity.id}`).expect(200);
    expect(detail.body).toMatchObject({ confirmedCount: 10, waitlistCount: 20 });
  });
});
