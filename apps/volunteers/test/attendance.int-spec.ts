// Decorators of the contracts (class-transformer's @Type) need the metadata API before anything loads.
import 'reflect-metadata';
import { Topics, type HoursVerifiedV1 } from '@goodloop/contracts';
import { v7 as uuidv7 } from 'uuid';
import {
  activityBody,
  admin,
  HOUR,
  MINUTE,
  organizerOf,
  resident,
  VolunteersHarness,
  type TopicReader,
} from './support/volunteers-test-kit';

interface AttendanceBody {
  id: string;
  activityId: string;
  userId: string;
  userName: string;
  checkInAt: string;
  checkOutAt: string | null;
  recordedMinutes: number | null;
  verifiedMinutes: number | null;
  correctionReason: string | null;
  status: 'checked_in' | 'checked_out' | 'verified';
  verifiedAt: string | null;
  verifiedBy: string | null;
}

/**
 * Check-in, check-out and verification against the real PostgreSQL and Kafka. The verified-hours
 * event is read back from the topic with a consumer of the test's own.
 */
describe('volunteers: attendance and hours verification', () => {
  const harness = new VolunteersHarness('vol-attendance');
  const orgId = uuidv7();
  const organizer = organizerOf(orgId, '阳光社区');
  let hours: TopicReader;

  beforeAll(async () => {
    await harness.start();
    hours = await harness.read(Topics.HoursVerifiedV1);
    // These tests raise 0 → 95 and up to the schedule (120) to test the one-person path; the
    // two-person rule (60 by default) has its own suite, two-person.int-spec.ts. A programme
    // version with a threshold of a day, as the ledger would announce it.
    await harness.dataSource.query(
      `INSERT INTO programme_earn_rules (programme_id, version, effective_from, max_points_per_hour, raise_approval_minutes)
       VALUES ('community-points', 1000, now(), NULL, 1440) ON CONFLICT DO NOTHING`,
    );
  });
  afterAll(() => harness.stop());

  /** A running activity (started 10 minutes ago, 2 hours long) with `people` confirmed on it. */
  async function runningActivityWith(people: ReturnType<typeof resident>[], capacity = 5) {
    const activity = await harness.publish(
      organizer,
      activityBody(orgId, { capacity, pointsPerHour: 12 }, -10 * MINUTE, 2 * HOUR),
    );
    for (const person of people) await harness.as(person).post(`/internal/activities/${activity.id}/signups`).expect(201);
    return activity;
  }

  const attend = (as: ReturnType<typeof resident>, activityId: string, body: object) =>
    harness.as(as).post(`/internal/activities/${activityId}/attendance`, body);

  it('lets the organizer check a resident in and out, and verify once — one event on Kafka, even when verified twice at once', async () => {
    const person = resident('李阿姨');
    const activity = await runningActivityWith([person]);

    const checkIn = await attend(organizer, activity.id, { action: 'check_in', userId: person.id });
    expect(checkIn.status).toBe(201);
    expect(checkIn.body).toMatchObject({
      activityId: activity.id,
      userId: person.id,
      status: 'checked_in',
      checkOutAt: null,
      recordedMinutes: null,
    });
    const again = await attend(organizer, activity.id, { action: 'check_in', userId: person.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_CHECKED_IN');

    // Checked in: the signup can no longer be cancelled.
    const cancel = await harness.as(person).delete(`/internal/activities/${activity.id}/signups/me`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('ALREADY_CHECKED_IN');

    const notYet = await harness.as(organizer).post(`/internal/attendance/${checkIn.body.id as string}/verify`, {});
    expect(notYet.status).toBe(409);
    expect(notYet.body.code).toBe('NOT_CHECKED_OUT');

    const checkOut = await attend(organizer, activity.id, { action: 'check_out', userId: person.id });
    expect(checkOut.status).toBe(201);
    const out = checkOut.body as AttendanceBody;
    expect(out).toMatchObject({ id: checkIn.body.id, status: 'checked_out', recordedMinutes: 0 });
    expect(new Date(out.checkOutAt!).getTime()).toBeGreaterThanOrEqual(new Date(out.checkInAt).getTime());
    const outAgain = await attend(organizer, activity.id, { action: 'check_out', userId: person.id });
    expect(outAgain.status).toBe(409);
    expect(outAgain.body.code).toBe('ALREADY_CHECKED_OUT');

    // The resident may not verify, not even their own hours.
    const byResident = await harness.as(person).post(`/internal/attendance/${out.id}/verify`, {});
    expect(byResident.status).toBe(403);

    // A correction needs a reason.
    const noReason = await harness.as(organizer).post(`/internal/attendance/${out.id}/verify`, { minutes: 95 });
    expect(noReason.status).toBe(400);
    expect((noReason.body.details as { field: string }[]).map((d) => d.field)).toEqual(['reason']);
    const blankReason = await harness.as(organizer).post(`/internal/attendance/${out.id}/verify`, { minutes: 95, reason: '   ' });
    expect(blankReason.status).toBe(400);
    expect((blankReason.body.details as { field: string }[]).map((d) => d.field)).toEqual(['reason']);
    const tooMany = await harness.as(organizer).post(`/internal/attendance/${out.id}/verify`, { minutes: 1441, reason: 'x' });
    expect(tooMany.status).toBe(400);

    // Two verifications at the same moment: exactly one wins.
    const body = { minutes: 95, reason: '签到后补录：实际服务时长以现场记录为准' };
    const [first, second] = await Promise.all([
      harness.as(organizer).post(`/internal/attendance/${out.id}/verify`, body),
      harness.as(organizer).post(`/internal/attendance/${out.id}/verify`, body),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body.code).toBe('ATTENDANCE_ALREADY_VERIFIED');
    const winner = (first.status === 200 ? first : second).body as AttendanceBody;
    expect(winner).toMatchObject({
      id: out.id,
      status: 'verified',
      recordedMinutes: 0,
      verifiedMinutes: 95,
      correctionReason: body.reason,
      verifiedBy: organizer.id,
    });
    const later = await harness.as(organizer).post(`/internal/attendance/${out.id}/verify`, body);
    expect(later.status).toBe(409);
    expect(later.body.code).toBe('ATTENDANCE_ALREADY_VERIFIED');

    await harness.outboxDrained();
    await hours.caughtUp();
    const events = hours.messages.filter(
      (m) => (JSON.parse(m.value!) as { payload: HoursVerifiedV1 }).payload.attendanceId === out.id,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.key).toBe(person.id);
    expect(JSON.parse(events[0]!.value!)).toMatchObject({
      type: Topics.HoursVerifiedV1,
      producer: 'volunteers',
      payload: {
        attendanceId: out.id,
        activityId: activity.id,
        orgId,
        userId: person.id,
        category: 'elderly',
        minutes: 95,
        pointsPerHour: 12,
        programmeId: 'community-points',
        activityTitle: '陪伴长者读报',
        verifiedBy: organizer.id,
        verifiedAt: winner.verifiedAt,
      },
    });
    const rows = (await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND envelope->'payload'->>'attendanceId' = $2`,
      [Topics.HoursVerifiedV1, out.id],
    )) as { n: number }[];
    expect(rows[0]!.n).toBe(1);

    // The verified hours count towards the volunteer's profile, announced in the same transaction.
    const profile = await harness.as(person).get('/internal/me/volunteer-profile').expect(200);
    expect(profile.body).toMatchObject({ verifiedMinutes: 95, verifiedHours: 1.5, starLevel: 0, nextStar: { level: 1, hours: 100 } });
    const announced = (await harness.dataSource.query(
      `SELECT envelope->'payload' AS payload FROM outbox WHERE topic = $1 AND key = $2 ORDER BY id`,
      [Topics.VolunteerProfileChangedV1, person.id],
    )) as { payload: { verifiedMinutes: number; version: number } }[];
    expect(announced.map((a) => [a.payload.verifiedMinutes, a.payload.version])).toEqual([[95, 1]]);
  });

  it('lets a resident check in and out with the code while the activity runs, and refuses a wrong or missing code', async () => {
    const person = resident('小陈');
    const activity = await runningActivityWith([person]);
    const wrongCode = activity.checkInCode === '000000' ? '000001' : '000000';

    const wrong = await attend(person, activity.id, { action: 'check_in', code: wrongCode });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('WRONG_CHECK_IN_CODE');
    const missing = await attend(person, activity.id, { action: 'check_in' });
    expect(missing.status).toBe(400);
    expect((missing.body.details as { field: string }[]).map((d) => d.field)).toEqual(['code']);
    const malformed = await attend(person, activity.id, { action: 'check_in', code: '12345' });
    expect(malformed.status).toBe(400);
    const noAction = await attend(person, activity.id, { action: 'arrive', code: activity.checkInCode });
    expect(noAction.status).toBe(400);

    const outFirst = await attend(person, activity.id, { action: 'check_out', code: activity.checkInCode });
    expect(outFirst.status).toBe(409);
    expect(outFirst.body.code).toBe('NOT_CHECKED_IN');

    const checkIn = await attend(person, activity.id, { action: 'check_in', code: activity.checkInCode });
    expect(checkIn.status).toBe(201);
    expect(checkIn.body).toMatchObject({ userId: person.id, status: 'checked_in' });
    // Giving one's own id is the same as giving none: still the resident's path, code required.
    const selfWithId = await attend(person, activity.id, { action: 'check_out', userId: person.id });
    expect(selfWithId.status).toBe(400);
    const checkOut = await attend(person, activity.id, { action: 'check_out', userId: person.id, code: activity.checkInCode });
    expect(checkOut.status).toBe(201);
    expect(checkOut.body).toMatchObject({ status: 'checked_out', recordedMinutes: 0 });

    const detail = await harness.as(person).get(`/internal/activities/${activity.id}`).expect(200);
    expect(detail.body.mySignup).toMatchObject({
      status: 'confirmed',
      attendance: { id: checkIn.body.id, status: 'checked_out' },
    });
    const mine = await harness.as(person).get('/internal/me/signups').expect(200);
    expect(mine.body.items[0]).toMatchObject({
      activity: { id: activity.id, status: 'running' },
      attendance: { status: 'checked_out' },
    });
  });

  it('keeps residents to the check-in window and to confirmed places; organizers only to confirmed places', async () => {
    const early = resident('早到的人');
    const upcoming = await harness.publish(organizer, activityBody(orgId, { capacity: 1 }, 2 * HOUR, HOUR));
    await harness.as(early).post(`/internal/activities/${upcoming.id}/signups`).expect(201);
    const tooEarly = await attend(early, upcoming.id, { action: 'check_in', code: upcoming.checkInCode });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.code).toBe('OUTSIDE_CHECK_IN_WINDOW');
    // The organizer may record at any time.
    await attend(organizer, upcoming.id, { action: 'check_in', userId: early.id }).expect(201);

    const confirmed = resident('有名额');
    const waiting = resident('候补');
    const stranger = resident('没报名');
    const activity = await runningActivityWith([confirmed, waiting], 1);
    const waitlisted = await attend(waiting, activity.id, { action: 'check_in', code: activity.checkInCode });
    expect(waitlisted.status).toBe(409);
    expect(waitlisted.body.code).toBe('NOT_CONFIRMED');
    const byOrganizer = await attend(organizer, activity.id, { action: 'check_in', userId: stranger.id });
    expect(byOrganizer.status).toBe(409);
    expect(byOrganizer.body.code).toBe('NOT_CONFIRMED');

    // Someone else's id without being an organizer of the activity's organisation: refused.
    const impostor = await attend(confirmed, activity.id, { action: 'check_in', userId: waiting.id, code: activity.checkInCode });
    expect(impostor.status).toBe(403);
    const otherOrganizer = await attend(organizerOf(uuidv7()), activity.id, { action: 'check_in', userId: confirmed.id });
    expect(otherOrganizer.status).toBe(403);
    // Admins may act for any organisation.
    const byAdmin = await attend(admin(), activity.id, { action: 'check_in', userId: confirmed.id });
    expect(byAdmin.status).toBe(201);

    const list = await harness.as(organizer).get(`/internal/activities/${activity.id}/attendance`).expect(200);
    expect(list.body).toMatchObject({ items: [{ userId: confirmed.id, status: 'checked_in' }], nextCursor: null });
    const listByResident = await harness.as(confirmed).get(`/internal/activities/${activity.id}/attendance`);
    expect(listByResident.status).toBe(403);
    const roster = await harness.as(organizer).get(`/internal/activities/${activity.id}/signups`).expect(200);
    expect(roster.body.items).toEqual([
      expect.objectContaining({ userId: confirmed.id, status: 'confirmed', attendanceStatus: 'checked_in' }),
      expect.objectContaining({
        userId: waiting.id,
        status: 'waitlisted',
        waitlistPosition: 1,
        attendanceStatus: 'not_checked_in',
        attendance: null,
      }),
    ]);

    const unknown = await harness.as(organizer).post(`/internal/attendance/${uuidv7()}/verify`, {});
    expect(unknown.status).toBe(404);
  });

  it('confirms recorded minutes without a reason, and checks in the same person only once under concurrency', async () => {
    const person = resident('并发');
    const activity = await runningActivityWith([person]);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => attend(person, activity.id, { action: 'check_in', code: activity.checkInCode })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    const out = await attend(organizer, activity.id, { action: 'check_out', userId: person.id }).expect(201);
    const verified = await harness
      .as(organizer)
      .post(`/internal/attendance/${out.body.id as string}/verify`, {})
      .expect(200);
    expect(verified.body).toMatchObject({ status: 'verified', recordedMinutes: 0, verifiedMinutes: 0, correctionReason: null });
  });

  /** Outbox rows and Kafka messages announcing verified hours for one attendance. */
  async function hoursVerifiedFor(attendanceId: string): Promise<{ outbox: number; kafka: number }> {
    await harness.outboxDrained();
    await hours.caughtUp();
    const rows = (await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND envelope->'payload'->>'attendanceId' = $2`,
      [Topics.HoursVerifiedV1, attendanceId],
    )) as { n: number }[];
    const kafka = hours.messages.filter(
      (m) => (JSON.parse(m.value!) as { payload: HoursVerifiedV1 }).payload.attendanceId === attendanceId,
    ).length;
    return { outbox: rows[0]!.n, kafka };
  }

  it('refuses an organizer verifying his own attendance (403 SELF_VERIFICATION), and emits nothing', async () => {
    // The attack: sign up to one's own activity, check in with the code one sees, check out at
    // once, and verify a full day.
    const activity = await runningActivityWith([organizer]);
    await attend(organizer, activity.id, { action: 'check_in', code: activity.checkInCode }).expect(201);
    const out = await attend(organizer, activity.id, { action: 'check_out', code: activity.checkInCode }).expect(201);
    expect(out.body).toMatchObject({ userId: organizer.id, status: 'checked_out', recordedMinutes: 0 });

    for (const body of [{ minutes: 1440, reason: 'x' }, { minutes: 120, reason: 'x' }, {}]) {
      const self = await harness.as(organizer).post(`/internal/attendance/${out.body.id as string}/verify`, body);
      expect(self.status).toBe(403);
      expect(self.body.code).toBe('SELF_VERIFICATION');
    }
    // Not even an admin verifies his own.
    const boss = admin();
    const adminActivity = await runningActivityWith([boss]);
    await attend(boss, adminActivity.id, { action: 'check_in', code: adminActivity.checkInCode }).expect(201);
    const adminOut = await attend(boss, adminActivity.id, { action: 'check_out', code: adminActivity.checkInCode }).expect(201);
    const byAdmin = await harness.as(boss).post(`/internal/attendance/${adminOut.body.id as string}/verify`, {});
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.code).toBe('SELF_VERIFICATION');

    const list = await harness.as(organizer).get(`/internal/activities/${activity.id}/attendance`).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: out.body.id, status: 'checked_out', verifiedMinutes: null })]);
    expect(await hoursVerifiedFor(out.body.id as string)).toEqual({ outbox: 0, kafka: 0 });
    expect(await hoursVerifiedFor(adminOut.body.id as string)).toEqual({ outbox: 0, kafka: 0 });

    // Another manager of the organisation verifies it, once.
    const colleague = organizerOf(orgId, '阳光社区');
    const verified = await harness
      .as(colleague)
      .post(`/internal/attendance/${out.body.id as string}/verify`, {})
      .expect(200);
    expect(verified.body).toMatchObject({ status: 'verified', verifiedMinutes: 0, verifiedBy: colleague.id });
    expect(await hoursVerifiedFor(out.body.id as string)).toEqual({ outbox: 1, kafka: 1 });
  });

  it('lets a correction lower the minutes freely but raise them only up to the scheduled length (400 on minutes)', async () => {
    const person = resident('补录');
    const activity = await runningActivityWith([person]); // 120 minutes scheduled
    await attend(organizer, activity.id, { action: 'check_in', userId: person.id }).expect(201);
    const out = await attend(organizer, activity.id, { action: 'check_out', userId: person.id }).expect(201);
    const id = out.body.id as string;

    for (const minutes of [121, 1440]) {
      const raised = await harness.as(organizer).post(`/internal/attendance/${id}/verify`, { minutes, reason: '补录' });
      expect(raised.status).toBe(400);
      expect((raised.body.details as { field: string }[]).map((d) => d.field)).toEqual(['minutes']);
    }
    expect(await hoursVerifiedFor(id)).toEqual({ outbox: 0, kafka: 0 });

    const ok = await harness
      .as(organizer)
      .post(`/internal/attendance/${id}/verify`, { minutes: 120, reason: '纸质签到表：全程参与' })
      .expect(200);
    // What the organisation's other managers read: from, to, why and by whom.
    const list = await harness.as(organizerOf(orgId)).get(`/internal/activities/${activity.id}/attendance`).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id,
        status: 'verified',
        recordedMinutes: 0,
        verifiedMinutes: 120,
        correctionReason: '纸质签到表：全程参与',
        verifiedBy: organizer.id,
      }),
    ]);
    expect(ok.body.verifiedMinutes).toBe(120);
    expect(await hoursVerifiedFor(id)).toEqual({ outbox: 1, kafka: 1 });
  });

  it('locks a resident out of code check-in after 5 wrong codes (429 CHECK_IN_LOCKED, even for the right code), counted exactly under concurrency', async () => {
    const patient = resident('猜码者');
    const hasty = resident('并发猜码');
    const activity = await runningActivityWith([patient, hasty]);
    const right = activity.checkInCode;
    const wrongCodes = Array.from({ length: 10 }, (_, i) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'));

    for (const code of wrongCodes.slice(0, 5)) {
      const wrong = await attend(patient, activity.id, { action: 'check_in', code });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('WRONG_CHECK_IN_CODE');
    }
    const locked = await attend(patient, activity.id, { action: 'check_in', code: right });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('CHECK_IN_LOCKED');

    // Ten wrong codes at once: five are compared and counted, five refused as locked.
    const answers = await Promise.all(wrongCodes.map((code) => attend(hasty, activity.id, { action: 'check_in', code })));
    expect(answers.map((a) => a.body.code as string).sort()).toEqual([
      ...Array<string>(5).fill('CHECK_IN_LOCKED'),
      ...Array<string>(5).fill('WRONG_CHECK_IN_CODE'),
    ]);
    const hastyRight = await attend(hasty, activity.id, { action: 'check_in', code: right });
    expect(hastyRight.status).toBe(429);

    const counted = (await harness.dataSource.query(
      'SELECT user_id AS "userId", failures FROM check_in_attempts WHERE activity_id = $1 ORDER BY failures, user_id',
      [activity.id],
    )) as { userId: string; failures: number }[];
    expect(counted.map((c) => c.failures)).toEqual([5, 5]);
    // Nothing was recorded by the guessing…
    const list = await harness.as(organizer).get(`/internal/activities/${activity.id}/attendance`).expect(200);
    expect(list.body.items).toEqual([]);
    // …and the organizer can still check the person in.
    await attend(organizer, activity.id, { action: 'check_in', userId: patient.id }).expect(201);
    // Another activity's code is counted on its own.
    const other = await runningActivityWith([patient]);
    await attend(patient, other.id, { action: 'check_in', code: other.checkInCode }).expect(201);
  });
});
