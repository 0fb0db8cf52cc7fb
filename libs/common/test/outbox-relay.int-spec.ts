/**
 * The producing side against the real broker and PostgreSQL: `OutboxClient` writes what a
 * transaction emits into that transaction (and nothing when it rolls back), the relay publishes
 * it in order per key and stamps a row only once Kafka has it, and a broker that refuses the
 * messages leaves them waiting until it takes them — or, after OUTBOX_MAX_ATTEMPTS refusals,
 * parks them (kept, reported) and goes on with the rows behind.
 */
import 'reflect-metadata';
import { ConfigResourceTypes } from 'kafkajs';
import { OutboxClient, OutboxRelay } from '@goodloop/common';
import { waitFor } from '@goodloop/common/testing';
import { Headers, Topics, type UserRegisteredV1 } from '@goodloop/contracts';
import { lastValueFrom } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { count, KafkaProbe, probePrefix, startProbe, type ProbeService } from './support/messaging-test-app';

jest.setTimeout(180_000);

const SUITE = 'outbox';

function user(label: string): UserRegisteredV1 {
  return {
    userId: uuidv7(),
    email: 'probe@example.org',
    displayName: label,
    locale: 'en',
    registeredAt: new Date().toISOString(),
  };
}

describe('outbox client and relay (libs/common)', () => {
  let service: ProbeService;
  let events: OutboxClient;
  const kafka = new KafkaProbe(probePrefix(SUITE));
  const unpublished = () => count(service.dataSource, 'SELECT 1 FROM outbox WHERE published_at IS NULL');
  /** A state change of the test's own in the same transaction, to see it commit or roll back with the rows. */
  const change = (manager: EntityManager, label: string) =>
    manager.query(`INSERT INTO effects (message_id, topic, label, partition, "offset") VALUES ($1, 'test', $2, 0, 0)`, [
      uuidv7(),
      label,
    ]);
  const changes = (label: string) => count(service.dataSource, 'SELECT 1 FROM effects WHERE label = $1', [label]);

  beforeAll(async () => {
    // Refusals below the parking limit: the row waits, and goes once the broker takes it.
    service = await startProbe({ suite: SUITE, controllers: [], outboxMaxAttempts: 1_000 });
    events = service.app.get(OutboxClient);
  });

  afterAll(async () => {
    await kafka.close();
    await service?.close();
  });

  it('publishes what a transaction emitted, after its commit, in order per key, and stamps each row once Kafka has it', async () => {
    const tap = await kafka.read(Topics.UserRegisteredV1);
    const run = uuidv7();
    const keys = [`a-${run}`, `b-${run}`, `c-${run}`];
    const sent: string[] = [];
    await service.dataSource.transaction(async (manager) => {
      await change(manager, run);
      const client = events.within(manager);
      for (let i = 0; i < 10; i++) {
        for (const key of keys) {
          const label = `${key}#${i}`;
          sent.push(label);
          // Half awaited, half not: the commit waits for the others.
          const written = client.emit(Topics.UserRegisteredV1, { key, value: user(label) });
          if (i % 2 === 0) await lastValueFrom(written);
        }
      }
    });
    await waitFor(unpublished, (n) => n === 0, { what: 'the outbox to drain' });
    await tap.caughtUp();
    // Kafka delivers at least once: a send the broker took but did not confirm in time is sent
    // again, and consumers drop the copy by its id (the inbox). What the relay owes is every
    // row, in order per key, the first time each id appears.
    const firstCopies = new Set<string>();
    const received = tap.messages.filter((m) => {
      if (!keys.includes(m.key ?? '')) return false;
      const id = (JSON.parse(m.value!) as { id: string }).id;
      if (firstCopies.has(id)) return false;
      firstCopies.add(id);
      return true;
    });
    expect(received).toHaveLength(sent.length);
    for (const key of keys) {
      const labels = received
        .filter((m) => m.key === key)
        .map((m) => (JSON.parse(m.value!) as { payload: UserRegisteredV1 }).payload.displayName);
      expect(labels).toEqual(sent.filter((label) => label.startsWith(`${key}#`)));
    }
    // The ids the outbox recorded are the ones that travelled, in the header too.
    const rows = (await service.dataSource.query(
      `SELECT message_id, published_at FROM outbox WHERE envelope->'payload'->>'displayName' LIKE $1`,
      [`%-${run}#%`],
    )) as { message_id: string; published_at: Date | null }[];
    expect(rows).toHaveLength(sent.length);
    expect(rows.every((r) => r.published_at !== null)).toBe(true);
    const travelled = received.map((m) => (JSON.parse(m.value!) as { id: string }).id);
    expect(new Set(travelled)).toEqual(new Set(rows.map((r) => r.message_id)));
    expect(received.map((m) => m.headers[Headers.MessageId])).toEqual(travelled);
  });

  it('writes nothing for a transaction that rolls back, and refuses an emit outside a transaction or after it', async () => {
    const label = `rolled-back-${uuidv7()}`;
    const before = await count(service.dataSource, 'SELECT 1 FROM outbox');
    await expect(
      service.dataSource.transaction(async (manager) => {
        await change(manager, label);
        await lastValueFrom(events.within(manager).emit(Topics.UserRegisteredV1, { key: label, value: user(label) }));
        throw new Error('the change is refused after all');
      }),
    ).rejects.toThrow('refused after all');
    expect(await count(service.dataSource, 'SELECT 1 FROM outbox')).toBe(before);
    expect(await changes(label)).toBe(0);

    expect(() =>
      events.within(service.dataSource.manager).emit(Topics.UserRegisteredV1, { key: label, value: user(label) }),
    ).toThrow(/inside the transaction/);
    let ended: EntityManager | undefined;
    await service.dataSource.transaction(async (manager) => {
      ended = manager;
    });
    expect(() => events.within(ended!).emit(Topics.UserRegisteredV1, { key: label, value: user(label) })).toThrow(
      /has ended or never began/,
    );
    expect(await count(service.dataSource, 'SELECT 1 FROM outbox')).toBe(before);
  });

  it('fails the commit when an emit nobody waited for could not be written', async () => {
    const label = `broken-${uuidv7()}`;
    await expect(
      service.dataSource.transaction(async (manager) => {
        await change(manager, label);
        // Not awaited, and it breaks its contract: the commit must not go through without it.
        events.within(manager).emit(Topics.UserRegisteredV1, { key: label, value: { ...user(label), email: 'nobody' } });
      }),
    ).rejects.toThrow(/breaks its contract/);
    expect(await changes(label)).toBe(0);
  });

  it('keeps rows the broker refuses unpublished, reports it, and publishes them once the broker takes them', async () => {
    const admin = await kafka.connectedAdmin();
    const topic = probePrefix(SUITE) + Topics.UserRegisteredV1;
    const setMaxMessageBytes = (value: string) =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value }] }],
      });
    const tap = await kafka.read(Topics.UserRegisteredV1);
    const relay = service.app.get(OutboxRelay);
    const label = `too-large-${uuidv7()}`;

    // Smaller than any envelope: the broker answers MESSAGE_TOO_LARGE to every send to the topic.
    // The broker applies a topic's new config a moment after the controller took it: wait until
    // it refuses a probe of its own, so the relay's send below meets the limit.
    await setMaxMessageBytes('128');
    try {
      await waitFor(
        () =>
          kafka.produce(Topics.UserRegisteredV1, [{ key: `probe-${label}`, value: 'x'.repeat(512) }]).then(
            () => false,
            (error: unknown) => /too large|max message size/i.test(String(error)),
          ),
        Boolean,
        { what: 'the broker to apply the smaller message size', timeoutMs: 30_000 },
      );
      await service.dataSource.transaction(async (manager) => {
        await lastValueFrom(events.within(manager).emit(Topics.UserRegisteredV1, { key: label, value: user(label) }));
      });
      const health = await waitFor(
        () => relay.health,
        (h) => !h.ok,
        { what: 'the relay to report the refusal', timeoutMs: 60_000 },
      );
      expect(health.error).toMatch(/larger than the max message size/i);
      expect(await unpublished()).toBe(1);
    } finally {
      await setMaxMessageBytes('1048588');
    }

    await waitFor(unpublished, (n) => n === 0, { what: 'the row published once the broker takes it', timeoutMs: 60_000 });
    await waitFor(() => relay.health.ok, Boolean, { what: 'the relay healthy again' });
    await tap.caughtUp();
    expect(tap.messages.filter((m) => m.key === label)).toHaveLength(1);
  });
});
