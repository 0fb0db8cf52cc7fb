// Decorators of the contracts (class-transformer's @Type) need the metadata API before anything loads.
import 'reflect-metadata';
import { DEFAULT_PROGRAMME_ID, Topics } from '@goodloop/contracts';
import { waitFor } from '@goodloop/common/testing';
import { v7 as uuidv7 } from 'uuid';
import { activityBody, organizerOf, VolunteersHarness } from './support/volunteers-test-kit';

/**
 * The programme's earn rule bounds an activity's points per hour: volunteers learns the bound
 * from `ledger.earn-rule.created.v1` (produced here as the ledger would) and refuses more.
 */
describe('volunteers: points per hour bounded by the programme earn rule', () => {
  const harness = new VolunteersHarness('vol-programmes');
  const orgId = uuidv7();
  const organizer = organizerOf(orgId);

  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  const rows = async () =>
    (await harness.dataSource.query(
      'SELECT version, max_points_per_hour AS max FROM programme_earn_rules WHERE programme_id = $1 ORDER BY version',
      [DEFAULT_PROGRAMME_ID],
    )) as { version: number; max: number | null }[];

  async function announce(version: number, maxPointsPerHour: number | null): Promise<void> {
    const envelope = harness.envelope(Topics.EarnRuleCreatedV1, {
      programmeId: DEFAULT_PROGRAMME_ID,
      version,
      effectiveFrom: new Date().toISOString(),
      maxPointsPerHour,
      pointsPerHour: null,
    });
    await harness.produce(Topics.EarnRuleCreatedV1, DEFAULT_PROGRAMME_ID, envelope);
  }

  it('allows up to 1,000 until the ledger announces a bound, then refuses more than it (400 on pointsPerHour), and nothing is published', async () => {
    await harness.publish(organizer, activityBody(orgId, { pointsPerHour: 1000 }));

    await announce(2, 100);
    await announce(2, 100); // the same version again (another message id): one row
    await waitFor(rows, (r) => r.length === 1, { what: 'the earn rule read model' });
    expect(await rows()).toEqual([{ version: 2, max: 100 }]);

    const before = (await harness.dataSource.query('SELECT count(*)::int AS n FROM activities')) as { n: number }[];
    const refused = await harness.as(organizer).post('/internal/activities', activityBody(orgId, { pointsPerHour: 1000 }));
    expect(refused.status).toBe(400);
    expect((refused.body.details as { field: string }[]).map((d) => d.field)).toEqual(['pointsPerHour']);
    const justAbove = await harness.as(organizer).post('/internal/activities', activityBody(orgId, { pointsPerHour: 101 }));
    expect(justAbove.status).toBe(400);
    const after = (await harness.dataSource.query('SELECT count(*)::int AS n FROM activities')) as { n: number }[];
    expect(after[0]!.n).toBe(before[0]!.n);
    const outbox = (await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND (envelope->'payload'->>'pointsPerHour')::int > 100`,
      [Topics.ActivityPublishedV1],
    )) as { n: number }[];
    expect(outbox[0]!.n).toBe(1); // only the one published before the bound

    await harness.publish(organizer, activityBody(orgId, { pointsPerHour: 100 }));

    // A newer version that lifts the bound lifts it.
    await announce(3, null);
    await waitFor(rows, (r) => r.length === 2, { what: 'version 3' });
    await harness.publish(organizer, activityBody(orgId, { pointsPerHour: 1000 }));
  });
});
