import { waitFor } from '@goodloop/common/testing';
import { DataSource } from 'typeorm';
import { demo, Platform } from './platform';

const minutes = (n: number) => n * 60_000;

/**
 * The programme's earn rule bounds what an activity may advertise, across services: the admin
 * sets `maxPointsPerHour` on the ledger's rule, the ledger announces it, and volunteers refuses
 * an activity above it.
 */
describe('points per hour bounded by the earn rule (through the gateway)', () => {
  const platform = new Platform('e2e_earnbound');
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

  const publish = (pointsPerHour: number) =>
    platform
      .http()
      .post('/api/v1/activities')
      .set('authorization', `Bearer ${organizer}`)
      .send({
        orgId,
        title: '高分值活动',
        category: 'community',
        place: { name: '阳光社区活动中心' },
        startsAt: new Date(Date.now() + minutes(60)).toISOString(),
        endsAt: new Date(Date.now() + minutes(180)).toISOString(),
        capacity: 5,
        pointsPerHour,
      });

  it('refuses an activity above the rule’s maxPointsPerHour once the ledger has announced it', async () => {
    expect((await publish(1000)).status).toBe(201);

    const rule = await platform
      .http()
      .post('/api/v1/programmes/community-points/earn-rules')
      .set('authorization', `Bearer ${admin}`)
      .send({ maxPointsPerHour: 60 });
    expect(rule.status).toBe(201);
    // Version 3: the migrations wrote 1 and the capped 2.
    expect(rule.body).toMatchObject({ version: 3, maxPointsPerHour: 60 });

    const volunteers = platform.volunteers!.get(DataSource);
    await waitFor(
      async () =>
        (await volunteers.query('SELECT max_points_per_hour AS max FROM programme_earn_rules WHERE version = 3')) as {
          max: number;
        }[],
      (rows) => rows.length === 1 && rows[0]!.max === 60,
      { what: 'volunteers to learn the bound', timeoutMs: 60_000 },
    );
    const refused = await publish(1000);
    expect(refused.status).toBe(400);
    expect((refused.body as { details: { field: string }[] }).details.map((d) => d.field)).toEqual(['pointsPerHour']);
    expect((await publish(61)).status).toBe(400);
    expect((await publish(60)).status).toBe(201);
  });
});
