// Decorators of the contracts (class-transformer's @Type) need the metadata API before anything loads.
import 'reflect-metadata';
import { Topics } from '@goodloop/contracts';
import { v7 as uuidv7 } from 'uuid';
import { activityBody, HOUR, organizerOf, resident, VolunteersHarness } from './support/volunteers-test-kit';

interface SignupBody {
  id: string;
  userId: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  waitlistPosition?: number;
}

/**
 * Activities, sign-ups and the waitlist against the real PostgreSQL and Kafka: concurrency of
 * thirty residents for ten places, promotion on cancellation, and the activity API's answers.
 */
describe('volunteers: activities, sign-ups and the waitlist', () => {
  const harness = new VolunteersHarness('vol-signups');
  const orgId = uuidv7();
  const organizer = organizerOf(orgId, '阳光社区');

  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  it('places 30 simultaneous sign-ups for 10 places: 10 confirmed, 20 waitlisted 1..20, then promotes on cancellation', async () => {
    const activity = await harness.publish(organizer, activityBody(orgId, { title: '十个名额的活动', capacity: 10 }));
    const residents = Array.from({ length: 30 }, (_, i) => resident(`居民${i}`));

    const answers = await Promise.all(residents.map((r) => harness.as(r).post(`/internal/activities/${activity.id}/signups`)));
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(201));
    const bodies = answers.map((a) => a.body as SignupBody);
    const confirmed = bodies.filter((b) => b.status === 'confirmed');
    const waitlisted = bodies.filter((b) => b.status === 'waitlisted');
    expect(confirmed).toHaveLength(10);
    expect(waitlisted).toHaveLength(20);
    expect(confirmed.every((b) => b.waitlistPosition === undefined)).toBe(true);
    expect(waitlisted.map((b) => b.waitlistPosition).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );

    const detail = await harness.as().get(`/internal/activities/${activity.id}`).expect(200);
    expect(detail.body).toMatchObject({ confirmedCount: 10, waitlistCount: 20 });
    expect(detail.body.checkInCode).toBeUndefined();

    // A confirmed resident cancels: #1 takes the place, everyone else moves up one.
    const positionOf = new Map(waitlisted.map((b) => [b.userId, b.waitlistPosition!]));
    const first = waitlisted.find((b) => b.waitlistPosition === 1)!;
    const leaver = residents.find((r) => r.id === confirmed[0]!.userId)!;
    const cancelled = await harness.as(leaver).delete(`/internal/activities/${activity.id}/signups/me`).expect(200);
    expect(cancelled.body).toMatchObject({ userId: leaver.id, status: 'cancelled' });
    expect(cancelled.body.waitlistPosition).toBeUndefined();

    const promoted = residents.find((r) => r.id === first.userId)!;
    const mine = await harness.as(promoted).get(`/internal/activities/${activity.id}`).expect(200);
    expect(mine.body.mySignup).toMatchObject({ userId: promoted.id, status: 'confirmed' });
    expect(mine.body.mySignup.waitlistPosition).toBeUndefined();
    expect(mine.body).toMatchObject({ confirmedCount: 10, waitlistCount: 19 });

    const roster = await harness.as(organizer).get(`/internal/activities/${activity.id}/signups?limit=100`).expect(200);
    const entries = roster.body.items as (SignupBody & { userName: string; attendanceStatus: string })[];
    expect(entries).toHaveLength(29);
    expect(entries.find((e) => e.userId === leaver.id)).toBeUndefined();
    expect(entries.filter((e) => e.status === 'confirmed')).toHaveLength(10);
    for (const entry of entries.filter((e) => e.status === 'waitlisted')) {
      expect(entry.waitlistPosition).toBe(positionOf.get(entry.userId)! - 1);
    }
    // Nobody's registration reached this suite's read model: names fall back to the id.
    expect(entries.every((e) => e.userName === e.userId && e.attendanceStatus === 'not_checked_in')).toBe(true);

    // A waitlisted resident leaves the line from the middle: those behind move up, nobody is promoted.
    const fifth = entries.find((e) => e.waitlistPosition === 5)!;
    await harness
      .as(residents.find((r) => r.id === fifth.userId))
      .delete(`/internal/activities/${activity.id}/signups/me`)
      .expect(200);
    const after = await harness.as(organizer).get(`/internal/activities/${activity.id}/signups?limit=100`).expect(200);
    const line = (after.body.items as SignupBody[]).filter((e) => e.status === 'waitlisted');
    expect(line.map((e) => e.waitlistPosition).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    const counts = await harness.as().get(`/internal/activities/${activity.id}`).expect(200);
    expect(counts.body).toMatchObject({ confirmedCount: 10, waitlistCount: 18 });

    // Signing up twice is refused; signing up again after cancelling joins the end of the line.
    const twice = await harness.as(promoted).post(`/internal/activities/${activity.id}/signups`);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ statusCode: 409, code: 'ALREADY_SIGNED_UP' });
    const again = await harness.as(leaver).post(`/internal/activities/${activity.id}/signups`).expect(201);
    expect(again.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 19 });
  });

  it('refuses a second sign-up of the same person even when both arrive at once', async () => {
    const activity = await harness.publish(organizer, activityBody(orgId, { capacity: 5 }));
    const person = resident();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => harness.as(person).post(`/internal/activities/${activity.id}/signups`)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const detail = await harness.as(person).get(`/internal/activities/${activity.id}`).expect(200);
    expect(detail.body).toMatchObject({ confirmedCount: 1, waitlistCount: 0, mySignup: { status: 'confirmed' } });
  });

  it('refuses sign-ups to an ended activity, and cancelling what does not exist', async () => {
    const ended = await harness.publish(organizer, activityBody(orgId, {}, -23 * HOUR, HOUR));
    expect(ended.status).toBe('ended');
    const res = await harness.as(resident()).post(`/internal/activities/${ended.id}/signups`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ACTIVITY_ENDED');

    const upcoming = await harness.publish(organizer, activityBody(orgId));
    const none = await harness.as(resident()).delete(`/internal/activities/${upcoming.id}/signups/me`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('SIGNUP_NOT_FOUND');
    const missing = await harness.as(resident()).post(`/internal/activities/${uuidv7()}/signups`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ACTIVITY_NOT_FOUND');
  });

  it('publishes an activity with its outbox event, and shows the check-in code only to its organizers', async () => {
    const reader = await harness.read(Topics.ActivityPublishedV1);
    const body = activityBody(orgId, {
      title: '  社区义诊  ',
      description: '为长者量血压',
      category: 'community',
      capacity: 3,
      pointsPerHour: 20,
    });
    const created = await harness.as(organizer).post('/internal/activities', body).expect(201);
    expect(created.body).toMatchObject({
      orgId,
      orgName: '阳光社区',
      title: '社区义诊',
      description: '为长者量血压',
      category: 'community',
      place: { name: '阳光社区活动中心', address: '上海市 阳光路 1 号', lat: 31.23, lng: 121.47 },
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      capacity: 3,
      pointsPerHour: 20,
      confirmedCount: 0,
      waitlistCount: 0,
      status: 'upcoming',
    });
    expect(created.body.checkInCode).toMatch(/^\d{6}$/);

    const asOrganizer = await harness.as(organizer).get(`/internal/activities/${created.body.id}`).expect(200);
    expect(asOrganizer.body.checkInCode).toBe(created.body.checkInCode);
    const asOtherOrganizer = await harness.as(organizerOf(uuidv7())).get(`/internal/activities/${created.body.id}`).expect(200);
    expect(asOtherOrganizer.body.checkInCode).toBeUndefined();
    expect(asOtherOrganizer.body.mySignup).toBeNull();
    const anonymous = await harness.as().get(`/internal/activities/${created.body.id}`).expect(200);
    expect(anonymous.body.checkInCode).toBeUndefined();
    expect(anonymous.body).not.toHaveProperty('mySignup');

    await harness.outboxDrained();
    await reader.caughtUp();
    const published = reader.messages.filter((m) => m.key === created.body.id);
    expect(published).toHaveLength(1);
    expect(JSON.parse(published[0]!.value!)).toMatchObject({
      type: Topics.ActivityPublishedV1,
      version: 1,
      producer: 'volunteers',
      payload: {
        activityId: created.body.id,
        orgId,
        title: '社区义诊',
        category: 'community',
        capacity: 3,
        pointsPerHour: 20,
        programmeId: 'community-points',
      },
    });
  });

  it('refuses to publish for someone who is not an organizer of the organisation, and bad input field by field', async () => {
    const member = {
      ...resident(),
      memberships: [{ orgId, orgName: '阳光社区', orgKind: 'community' as const, role: 'member' as const }],
    };
    const notOrganizer = await harness.as(member).post('/internal/activities', activityBody(orgId));
    expect(notOrganizer.status).toBe(403);
    const anonymous = await harness.as().post('/internal/activities', activityBody(orgId));
    expect(anonymous.status).toBe(401);
    const noToken = await harness
      .as(organizer)
      .post('/internal/activities', activityBody(orgId))
      .set('x-goodloop-gateway-token', 'nope');
    expect(noToken.status).toBe(401);

    const bad = await harness.as(organizer).post('/internal/activities', {
      orgId,
      title: '',
      category: 'sports',
      place: { name: ' ', lat: 91 },
      startsAt: 'tomorrow',
      capacity: 0,
      pointsPerHour: 2.5,
      extra: true,
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'title',
        'category',
        'place.name',
        'place.lat',
        'startsAt',
        'endsAt',
        'capacity',
        'pointsPerHour',
        'extra',
      ]),
    );

    const backwards = await harness.as(organizer).post('/internal/activities', activityBody(orgId, {}, 2 * HOUR, -HOUR));
    expect(backwards.status).toBe(400);
    expect(backwards.body.details).toEqual([{ field: 'endsAt', errors: ['endsAt must be after startsAt'] }]);
    const tooLong = await harness.as(organizer).post('/internal/activities', activityBody(orgId, {}, HOUR, 25 * HOUR));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details[0].field).toBe('endsAt');
    const longAgo = await harness.as(organizer).post('/internal/activities', activityBody(orgId, {}, -25 * HOUR, HOUR));
    expect(longAgo.status).toBe(400);
    expect(longAgo.body.details[0].field).toBe('startsAt');
    const noZone = await harness
      .as(organizer)
      .post('/internal/activities', activityBody(orgId, { startsAt: '2030-01-01T10:00:00' }));
    expect(noZone.status).toBe(400);
    expect(noZone.body.details[0].field).toBe('startsAt');

    const badId = await harness.as().get('/internal/activities/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.details).toEqual([{ field: 'id', errors: ['id must be a UUID'] }]);
    const missing = await harness.as().get(`/internal/activities/${uuidv7()}`);
    expect(missing.status).toBe(404);
  });

  it('lists activities soonest first, page by page, with filters', async () => {
    const listOrg = uuidv7();
    const lister = organizerOf(listOrg, '晨光社工站');
    const created: string[] = [];
    // Seven activities in reverse order of their start, to show the list sorts them.
    for (let i = 6; i >= 0; i--) {
      const body = activityBody(
        listOrg,
        { title: i % 2 === 0 ? `助老 100% 服务 ${i}` : `儿童课堂 ${i}`, category: i % 2 ? 'children' : 'elderly' },
        (10 + i) * HOUR,
      );
      created[i] = (await harness.publish(lister, body)).id;
    }

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await harness
        .as()
        .get(`/internal/activities?orgId=${listOrg}&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      seen.push(...(res.body.items as { id: string }[]).map((a) => a.id));
      cursor = res.body.nextCursor as string | null;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(created);

    const children = await harness.as().get(`/internal/activities?orgId=${listOrg}&category=children`).expect(200);
    expect((children.body.items as { id: string }[]).map((a) => a.id)).toEqual([created[1], created[3], created[5]]);
    expect(children.body.nextCursor).toBeNull();

    const search = await harness
      .as()
      .get(`/internal/activities?orgId=${listOrg}&q=${encodeURIComponent('100%')}`)
      .expect(200);
    expect((search.body.items as { id: string }[]).map((a) => a.id)).toEqual([created[0], created[2], created[4], created[6]]);

    const from = new Date(Date.now() + 13.5 * HOUR).toISOString();
    const to = new Date(Date.now() + 15.5 * HOUR).toISOString();
    const window = await harness.as().get(`/internal/activities?orgId=${listOrg}&from=${from}&to=${to}`).expect(200);
    // Activities i start at 10+i h and last 2 h: those overlapping 13.5–15.5 h are i = 2..5.
    expect((window.body.items as { id: string }[]).map((a) => a.id)).toEqual([created[2], created[3], created[4], created[5]]);

    const bad = await harness.as().get('/internal/activities?limit=0&category=sports&cursor=zzz&orgId=x');
    expect(bad.status).toBe(400);
    expect((bad.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['category', 'limit', 'orgId']);
    const badCursor = await harness.as().get('/internal/activities?cursor=zzz');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.details).toEqual([{ field: 'cursor', errors: ['cursor is not valid'] }]);
  });

  it("lists a resident's own signups with their activities, without cancelled ones", async () => {
    const person = resident('小王');
    const a = await harness.publish(organizer, activityBody(orgId, { title: 'A' }, 3 * HOUR));
    const b = await harness.publish(organizer, activityBody(orgId, { title: 'B' }, 5 * HOUR));
    const c = await harness.publish(organizer, activityBody(orgId, { title: 'C' }, 4 * HOUR));
    for (const activity of [a, b, c]) await harness.as(person).post(`/internal/activities/${activity.id}/signups`).expect(201);
    await harness.as(person).delete(`/internal/activities/${c.id}/signups/me`).expect(200);

    const mine = await harness.as(person).get('/internal/me/signups').expect(200);
    const items = mine.body.items as {
      status: string;
      activity: { id: string; title: string; checkInCode?: string };
      attendance: unknown;
    }[];
    expect(items.map((i) => i.activity.title)).toEqual(['B', 'A']);
    expect(items.every((i) => i.status === 'confirmed' && i.attendance === null && i.activity.checkInCode === undefined)).toBe(
      true,
    );
    expect(mine.body.nextCursor).toBeNull();

    const paged = await harness.as(person).get('/internal/me/signups?limit=1').expect(200);
    expect(paged.body.items).toHaveLength(1);
    const rest = await harness
      .as(person)
      .get(`/internal/me/signups?limit=1&cursor=${paged.body.nextCursor as string}`)
      .expect(200);
    expect(rest.body.items[0].activity.title).toBe('A');
    expect(rest.body.nextCursor).toBeNull();

    const roster = await harness.as(person).get(`/internal/activities/${a.id}/signups`);
    expect(roster.status).toBe(403);
  });
});
