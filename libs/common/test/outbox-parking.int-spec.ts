/**
 * An outbox row the broker always refuses (here: larger than its topic's max.message.bytes) is
 * parked after OUTBOX_MAX_ATTEMPTS refusals — kept, marked, logged, counted, reported by health
 * — and the rows behind it are published; `unpark()` puts it back in line once the cause is fixed.
 */
import 'reflect-metadata';
import { ConfigResourceTypes } from 'kafkajs';
import { register } from 'prom-client';
import { OutboxClient, OutboxRelay } from '@goodloop/common';
import { waitFor } from '@goodloop/common/testing';
import { Topics, type OrgCreatedV1, type UserRegisteredV1 } from '@goodloop/contracts';
import { lastValueFrom } from 'rxjs';
import { v7 as uuidv7 } from 'uuid';
import { count, KafkaProbe, probePrefix, startProbe, type ProbeService } from './support/messaging-test-app';

jest.setTimeout(180_000);

const PARK_SUITE = 'outboxpark';

function user(label: string): UserRegisteredV1 {
  return {
    userId: uuidv7(),
    email: 'probe@example.org',
    displayName: label,
    locale: 'en',
    registeredAt: new Date().toISOString(),
  };
}

describe('outbox relay: a row the broker always refuses (libs/common)', () => {
  let service: ProbeService;
  const kafka = new KafkaProbe(probePrefix(PARK_SUITE));

  beforeAll(async () => {
    service = await startProbe({ suite: PARK_SUITE, controllers: [], outboxMaxAttempts: 3 });
  });

  afterAll(async () => {
    await kafka.close();
    await service?.close();
  });

  it('parks it after the limit (kept, marked, reported), publishes the rows behind it, and sends it once unparked', async () => {
    const admin = await kafka.connectedAdmin();
    const topic = probePrefix(PARK_SUITE) + Topics.UserRegisteredV1;
    const setMaxMessageBytes = (value: string) =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value }] }],
      });
    const users = await kafka.read(Topics.UserRegisteredV1);
    const orgs = await kafka.read(Topics.OrgCreatedV1);
    const relay = service.app.get(OutboxRelay);
    const events = service.app.get(OutboxClient);
    const label = `refused-${uuidv7()}`;
    const behind = `behind-${uuidv7()}`;
    const org: OrgCreatedV1 = { orgId: uuidv7(), name: behind, kind: 'community', createdAt: new Date().toISOString() };

    await admin
      .createTopics({
        topics: [Topics.UserRegisteredV1, Topics.OrgCreatedV1].map((t) => ({ topic: probePrefix(PARK_SUITE) + t })),
      })
      .catch(() => undefined);
    await setMaxMessageBytes('128');
    try {
      // The broker applies a topic's new config a moment later: wait until it refuses for itself.
      await waitFor(
        () =>
          kafka.produce(Topics.UserRegisteredV1, [{ key: 'config-check', value: user('config-check') }]).then(
            () => false,
            () => true,
          ),
        Boolean,
        { what: 'the broker refusing large messages on the topic' },
      );
      await service.dataSource.transaction(async (manager) => {
        await lastValueFrom(events.within(manager).emit(Topics.UserRegisteredV1, { key: label, value: user(label) }));
      });
      await service.dataSource.transaction(async (manager) => {
        await lastValueFrom(events.within(manager).emit(Topics.OrgCreatedV1, { key: behind, value: org }));
      });
      const [parked] = await waitFor(
        () =>
          service.dataSource.query(
            `SELECT attempts, last_error, parked_at, published_at FROM outbox WHERE key = $1 AND parked_at IS NOT NULL`,
            [label],
          ) as Promise<{ attempts: number; last_error: string; parked_at: Date; published_at: Date | null }[]>,
        (rows) => rows.length === 1,
        { what: 'the refused row parked', timeoutMs: 60_000 },
      );
      expect(parked!.attempts).toBe(3);
      expect(parked!.last_error).toMatch(/larger than the max message size/i);
      expect(parked!.published_at).toBeNull();

      // The row behind it is published although the parked one is not.
      await waitFor(
        () => orgs.messages.filter((m) => m.key === behind),
        (list) => list.length >= 1,
        { what: 'the row behind the parked one published', timeoutMs: 60_000 },
      );
      await waitFor(
        () => relay.health,
        (h) => !h.ok && h.parked === 1 && !/max message size/i.test(h.error ?? ''),
        { what: 'the relay reporting one parked row' },
      );
      expect(await register.getSingleMetricAsString('goodloop_outbox_parked_total')).toMatch(
        /goodloop_outbox_parked_total\{service="probe"\} [1-9]/,
      );
      expect(await register.getSingleMetricAsString('goodloop_outbox_parked_rows')).toMatch(
        /goodloop_outbox_parked_rows\{service="probe"\} 1/,
      );
      await users.caughtUp();
      expect(users.messages.filter((m) => m.key === label)).toHaveLength(0);
    } finally {
      await setMaxMessageBytes('1048588');
    }

    // Fixed: put back in line, it goes once, and the relay is healthy again.
    expect(await relay.unpark()).toBe(1);
    await waitFor(
      () => count(service.dataSource, 'SELECT 1 FROM outbox WHERE key = $1 AND published_at IS NOT NULL', [label]),
      (n) => n === 1,
      { what: 'the unparked row published', timeoutMs: 60_000 },
    );
    await waitFor(() => relay.health.ok, Boolean, { what: 'the relay healthy again' });
    await users.caughtUp();
    expect(users.messages.filter((m) => m.key === label)).toHaveLength(1);
  });
});
