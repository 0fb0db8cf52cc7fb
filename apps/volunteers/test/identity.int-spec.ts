// Decorators of the contracts (class-transformer's @Type) need the metadata API before anything loads.
import 'reflect-metadata';
import { waitFor } from '@goodloop/common/testing';
import { deadLetterTopic, Headers, Topics, type UserRegisteredV1 } from '@goodloop/contracts';
import { v7 as uuidv7 } from 'uuid';
import { activityBody, admin, organizerOf, resident, VolunteersHarness } from './support/volunteers-test-kit';

/**
 * The identity read models fed from Kafka: registered users give roster names, created
 * organisations give admins an org name. Duplicates are absorbed, bad messages dead-lettered,
 * and the consumer goes on with the next message.
 */
describe('volunteers: identity read models from Kafka', () => {
  const harness = new VolunteersHarness('vol-identity');
  const orgId = uuidv7();
  const organizer = organizerOf(orgId);

  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  const registered = (userId: string, displayName: string): UserRegisteredV1 => ({
    userId,
    email: `${userId}@example.org`,
    displayName,
    locale: 'zh-CN',
    registeredAt: new Date().toISOString(),
  });

  const userRow = async (id: string) =>
    (await harness.dataSource.query('SELECT id, display_name, email FROM users WHERE id = $1', [id])) as {
      id: string;
      display_name: string;
    }[];

  it('puts the registered name on the roster, and applies a message delivered twice once', async () => {
    // The gateway's context carries another name on purpose: the roster must use the read model.
    const person = resident('context name');
    const message = harness.envelope(Topics.UserRegisteredV1, registered(person.id, '王阿姨'));
    await harness.produce(Topics.UserRegisteredV1, person.id, message);

    const activity = await harness.publish(organizer, activityBody(orgId));
    await harness.as(person).post(`/internal/activities/${activity.id}/signups`).expect(201);
    const roster = await waitFor(
      async () =>
        (await harness.as(organizer).get(`/internal/activities/${activity.id}/signups`).expect(200)).body as {
          items: { userName: string }[];
        },
      (body) => body.items[0]?.userName === '王阿姨',
      { what: 'the registered name on the roster', timeoutMs: 30_000 },
    );
    expect(roster.items).toHaveLength(1);

    // The same message again, then a marker on the same key (same partition, so it comes after).
    await harness.produce(Topics.UserRegisteredV1, person.id, message);
    const marker = resident();
    await harness.produce(
      Topics.UserRegisteredV1,
      person.id,
      harness.envelope(Topics.UserRegisteredV1, registered(marker.id, 'marker')),
    );
    await waitFor(
      () => userRow(marker.id),
      (rows) => rows.length === 1,
      { what: 'the marker user' },
    );
    expect(await userRow(person.id)).toEqual([{ id: person.id, display_name: '王阿姨', email: `${person.id}@example.org` }]);
    const inbox = (await harness.dataSource.query('SELECT count(*)::int AS n FROM inbox WHERE message_id = $1', [
      message.id,
    ])) as { n: number }[];
    expect(inbox[0]!.n).toBe(1);

    // The same fact under a new message id (a re-publish) upserts the one row.
    await harness.produce(
      Topics.UserRegisteredV1,
      person.id,
      harness.envelope(Topics.UserRegisteredV1, registered(person.id, '王阿姨（新）')),
    );
    await waitFor(
      () => userRow(person.id),
      (rows) => rows[0]?.display_name === '王阿姨（新）',
      { what: 'the upserted name' },
    );
    expect(await userRow(person.id)).toHaveLength(1);
  });

  it('dead-letters malformed messages with the reason, and still applies the valid message after them', async () => {
    const dlq = await harness.read(deadLetterTopic(Topics.UserRegisteredV1));
    const key = uuidv7();
    const badPayload = harness.envelope(Topics.UserRegisteredV1, { ...registered(key, 'x'), email: 'not-an-email' });
    await harness.produce(Topics.UserRegisteredV1, key, '{"this is": not json');
    await harness.produce(Topics.UserRegisteredV1, key, badPayload);
    const valid = resident();
    await harness.produce(
      Topics.UserRegisteredV1,
      key,
      harness.envelope(Topics.UserRegisteredV1, registered(valid.id, '赵师傅')),
    );

    await waitFor(
      () => userRow(valid.id),
      (rows) => rows[0]?.display_name === '赵师傅',
      { what: 'the valid message after the bad ones' },
    );
    await waitFor(
      () => dlq.messages.filter((m) => m.key === key),
      (list) => list.length === 2,
      { what: 'two dead letters' },
    );
    const [notJson, invalid] = dlq.messages.filter((m) => m.key === key);
    expect(notJson!.value).toBe('{"this is": not json');
    expect(notJson!.headers[Headers.DeadLetterReason]).toMatch(/not JSON/);
    expect(JSON.parse(invalid!.value!)).toMatchObject({ id: badPayload.id });
    expect(invalid!.headers[Headers.DeadLetterReason]).toMatch(/email/);
    expect(invalid!.headers[Headers.DeadLetterTopic]).toBe(Topics.UserRegisteredV1);
    expect(await userRow(key)).toEqual([]);
  });

  it('names the organisation of an activity an admin publishes from the orgs read model', async () => {
    const foreignOrg = uuidv7();
    const body = activityBody(foreignOrg);
    const unknown = await harness.as(admin()).post('/internal/activities', body);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ORG_NOT_FOUND');

    await harness.produce(
      Topics.OrgCreatedV1,
      foreignOrg,
      harness.envelope(Topics.OrgCreatedV1, {
        orgId: foreignOrg,
        name: '晨光社工站',
        kind: 'social_org',
        createdAt: new Date().toISOString(),
      }),
    );
    const created = await waitFor(
      () => harness.as(admin()).post('/internal/activities', body),
      (res) => res.status === 201,
      { what: 'the org in the read model' },
    );
    expect(created.body).toMatchObject({ orgId: foreignOrg, orgName: '晨光社工站' });
    expect(created.body.checkInCode).toMatch(/^\d{6}$/);
  });
  it('refuses sign-ups of an account the gateway reports disabled, and takes them again once enabled', async () => {
    const person = resident('停用居民');
    await harness.produce(
      Topics.UserRegisteredV1,
      person.id,
      harness.envelope(Topics.UserRegisteredV1, registered(person.id, '停用居民')),
    );
    await waitFor(
      () => userRow(person.id),
      (rows) => rows.length === 1,
      { what: 'the registered user' },
    );
    const status = (disabled: boolean) =>
      harness.envelope(Topics.UserStatusChangedV1, {
        userId: person.id,
        disabled,
        changedBy: uuidv7(),
        changedAt: new Date().toISOString(),
      });
    await harness.produce(Topics.UserStatusChangedV1, person.id, status(true));
    const disabledAt = async () =>
      (
        (await harness.dataSource.query('SELECT disabled_at FROM users WHERE id = $1', [person.id])) as {
          disabled_at: Date | null;
        }[]
      )[0]?.disabled_at ?? null;
    await waitFor(disabledAt, (at) => at !== null, { what: 'the account disabled in the read model' });

    const activity = await harness.publish(organizer, activityBody(orgId));
    const refused = await harness.as(person).post(`/internal/activities/${activity.id}/signups`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ACCOUNT_DISABLED');
    const signups = (await harness.dataSource.query('SELECT count(*)::int AS n FROM signups WHERE user_id = $1', [
      person.id,
    ])) as {
      n: number;
    }[];
    expect(signups[0]!.n).toBe(0);

    await harness.produce(Topics.UserStatusChangedV1, person.id, status(false));
    await waitFor(disabledAt, (at) => at === null, { what: 'the account enabled again' });
    await harness.as(person).post(`/internal/activities/${activity.id}/signups`).expect(201);
  });
});
