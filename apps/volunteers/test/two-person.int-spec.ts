// Decorators of the contracts (class-transformer's @Type) need the metadata API before anything loads.
import 'reflect-metadata';
import { Topics } from '@goodloop/contracts';
import { waitFor } from '@goodloop/common/testing';
import { v7 as uuidv7 } from 'uuid';
import { activityBody, HOUR, MINUTE, organizerOf, resident, VolunteersHarness } from './support/volunteers-test-kit';

/**
 * The two-person rule for large raises (OWASP ASVS 2.3.5) against the real PostgreSQL and
 * Kafka: a raise above the recorded minutes by more than the programme's threshold (60 by
 * default) waits in `pending_approval`, emits nothing, and becomes verified — with one
 * hours-verified event — only when a second manager approves it.
 */
describe('volunteers: a large raise needs a second manager', () => {
  const harness = new VolunteersHarness('vol-two-person');
  const orgId = uuidv7();
  const proposer = organizerOf(orgId, '阳光社区');
  const colleague = organizerOf(orgId, '阳光社区');
  const third = organizerOf(orgId, '阳光社区');
  const outsider = organizerOf(uuidv7(), '别的社区');

  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  /** Outbox rows of the hours-verified event for one attendance: the event exists or not. */
  const hoursEvents = async (attendanceId: string): Promise<number> => {
    const rows = (await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND envelope->'payload'->>'attendanceId' = $2`,
      [Topics.HoursVerifiedV1, attendanceId],
    )) as { n: number }[];
    return rows[0]!.n;
  };

  /** A running 2-hour activity; `person` signed up, checked in and out at once by the proposer (0 minutes). */
  async function checkedOut(person: ReturnType<typeof resident>): Promise<string> {
    const activity = await harness.publish(
      proposer,
      activityBody(orgId, { capacity: 5, pointsPerHour: 12 }, -10 * MINUTE, 2 * HOUR),
    );
    await harness.as(person).post(`/internal/activities/${activity.id}/signups`).expect(201);
    const url = `/internal/activities/${activity.id}/attendance`;
    await harness.as(proposer).post(url).send({ action: 'check_in', userId: person.id }).expect(201);
    const out = await harness.as(proposer).post(url).send({ action: 'check_out', userId: person.id }).expect(201);
    expect(out.body).toMatchObject({ status: 'checked_out', recordedMinutes: 0 });
    return out.body.id as string;
  }

  const verify = (who: ReturnType<typeof resident>, id: string, body: object) =>
    harness.as(who).post(`/internal/attendance/${id}/verify`).send(body);
  const approve = (who: ReturnType<typeof resident>, id: string) =>
    harness.as(who).post(`/internal/attendance/${id}/approve`).send({});
  const reject = (who: ReturnType<typeof resident>, id: string, body: object) =>
    harness.as(who).post(`/internal/attendance/${id}/reject`).send(body);

  it('verifies a raise of up to 60 minutes alone', async () => {
    const id = await checkedOut(resident('王阿姨'));
    const res = await verify(proposer, id, { minutes: 60, reason: '纸质签到表' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'verified', verifiedMinutes: 60, proposedMinutes: null });
    expect(await hoursEvents(id)).toBe(1);
  });

  it('holds a raise of 95 minutes for a second manager: no event until approved, the proposer may not approve, once', async () => {
    const person = resident('李阿姨');
    const id = await checkedOut(person);

    // The attack: one organizer raises a colleague's attendance by a big amount alone.
    const proposed = await verify(proposer, id, { minutes: 95, reason: '签到后补录' });
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({
      status: 'pending_approval',
      recordedMinutes: 0,
      verifiedMinutes: null,
      proposedMinutes: 95,
      proposalReason: '签到后补录',
      proposedBy: proposer.id,
      verifiedBy: null,
    });
    expect(await hoursEvents(id)).toBe(0);

    // The proposer approving his own proposal, or verifying again around it: refused, nothing moves.
    const own = await approve(proposer, id);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('OWN_PROPOSAL');
    const ownReject = await reject(proposer, id, { reason: '算了' });
    expect(ownReject.status).toBe(403);
    expect(ownReject.body.code).toBe('OWN_PROPOSAL');
    const again = await verify(proposer, id, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ATTENDANCE_PENDING_APPROVAL');
    // The resident is no manager; a manager of another organisation is none of this one's.
    expect((await approve(person, id)).status).toBe(403);
    expect((await approve(outsider, id)).status).toBe(403);
    expect(await hoursEvents(id)).toBe(0);

    // Visible to the organisation's other managers in the activity's attendance list.
    const activityId = proposed.body.activityId as string;
    const list = await harness.as(colleague).get(`/internal/activities/${activityId}/attendance`).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id, status: 'pending_approval', proposedMinutes: 95 })]);

    // Two other managers approve at the same moment: one wins, one event.
    const [a, b] = await Promise.all([approve(colleague, id), approve(third, id)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).toBe('NOT_PENDING_APPROVAL');
    const winner = a.status === 200 ? a : b;
    expect(winner.body).toMatchObject({
      status: 'verified',
      recordedMinutes: 0,
      verifiedMinutes: 95,
      correctionReason: '签到后补录',
      proposedBy: proposer.id,
    });
    expect([colleague.id, third.id]).toContain(winner.body.verifiedBy);
    expect(await hoursEvents(id)).toBe(1);
    const [event] = (await harness.dataSource.query(
      `SELECT envelope->'payload' AS payload FROM outbox WHERE topic = $1 AND envelope->'payload'->>'attendanceId' = $2`,
      [Topics.HoursVerifiedV1, id],
    )) as { payload: { minutes: number; verifiedBy: string; userId: string } }[];
    expect(event!.payload).toMatchObject({ minutes: 95, verifiedBy: winner.body.verifiedBy, userId: person.id });

    expect((await approve(colleague, id)).status).toBe(409);
    expect(await hoursEvents(id)).toBe(1);
  });

  it('lets a second manager reject with a reason: back to checked_out, recorded minutes unchanged, verifiable again', async () => {
    const id = await checkedOut(resident('张先生'));
    await verify(proposer, id, { minutes: 120, reason: '全程参与' }).expect(200);

    const noReason = await reject(colleague, id, {});
    expect(noReason.status).toBe(400);
    expect((noReason.body.details as { field: string }[]).map((d) => d.field)).toEqual(['reason']);
    const blank = await reject(colleague, id, { reason: '   ' });
    expect(blank.status).toBe(400);

    const rejected = await reject(colleague, id, { reason: '签到表上没有此人' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'checked_out',
      recordedMinutes: 0,
      verifiedMinutes: null,
      proposedMinutes: null,
      proposedBy: null,
      rejectionReason: '签到表上没有此人',
    });
    expect(await hoursEvents(id)).toBe(0);
    expect((await approve(third, id)).status).toBe(409);

    // Verified again normally, by the proposer himself, at the recorded minutes.
    const plain = await verify(proposer, id, {});
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ status: 'verified', verifiedMinutes: 0, rejectionReason: null, verifiedBy: proposer.id });
    expect(await hoursEvents(id)).toBe(1);
  });

  it('refuses a resident who also manages the organisation approving a raise of his own attendance', async () => {
    const id = await checkedOut(colleague);
    await verify(proposer, id, { minutes: 100, reason: '补录' }).expect(200);
    const self = await approve(colleague, id);
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('SELF_VERIFICATION');
    expect((await reject(colleague, id, { reason: 'x' })).body.code).toBe('SELF_VERIFICATION');
    expect(await hoursEvents(id)).toBe(0);
    await approve(third, id).expect(200);
    expect(await hoursEvents(id)).toBe(1);
  });

  it('takes the threshold from the programme rule the ledger announces', async () => {
    await harness.produce(Topics.EarnRuleCreatedV1, 'community-points', {
      id: uuidv7(),
      type: Topics.EarnRuleCreatedV1,
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: 'ledger',
      correlationId: uuidv7(),
      payload: {
        programmeId: 'community-points',
        version: 50,
        effectiveFrom: new Date().toISOString(),
        maxPointsPerHour: null,
        pointsPerHour: null,
        raiseApprovalMinutes: 100,
      },
    });
    await waitFor(
      async () =>
        (await harness.dataSource.query(
          `SELECT raise_approval_minutes AS m FROM programme_earn_rules WHERE programme_id = 'community-points' AND version = 50`,
        )) as { m: number }[],
      (rows) => rows[0]?.m === 100,
      { what: 'the programme threshold of 100 minutes' },
    );
    const id = await checkedOut(resident('赵阿姨'));
    const alone = await verify(proposer, id, { minutes: 100, reason: '纸质签到表' });
    expect(alone.body).toMatchObject({ status: 'verified', verifiedMinutes: 100 });
    const other = await checkedOut(resident('钱阿姨'));
    expect((await verify(proposer, other, { minutes: 101, reason: '纸质签到表' })).body.status).toBe('pending_approval');
  });
});
