/**
 * `npm run dlq:redrive` (scripts/lib/dlq-redrive.cjs) against the real broker: a message that
 * failed every try is dead-lettered; once the cause is fixed, re-driving publishes it to its
 * topic again and it applies — once, even when re-driven twice (the inbox) — and only what the
 * named service dead-lettered from the named topic, since `--since`, is re-driven.
 */
import 'reflect-metadata';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MessageContext } from '@goodloop/common';
import { waitFor } from '@goodloop/common/testing';
import { deadLetterTopic, Headers, Topics, type TopicName, type UserRegisteredV1 } from '@goodloop/contracts';
import { v7 as uuidv7 } from 'uuid';
import { count, KafkaProbe, probePrefix, startProbe, type ProbeService } from './support/messaging-test-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the script's plain CommonJS core
const { redriveDeadLetters, parseSince } = require('../../../scripts/lib/dlq-redrive.cjs') as {
  redriveDeadLetters: (options: {
    brokers: string;
    prefix?: string;
    service: string;
    topic: string;
    since?: Date;
  }) => Promise<{ scanned: number; matched: number; redriven: number }>;
  parseSince: (value: string, now?: Date) => Date;
};

jest.setTimeout(180_000);

const SUITE = 'redrive';
const broken = new Set<string>();

@Controller()
class UsersConsumer {
  @EventPattern(Topics.UserRegisteredV1)
  async onUser(@Payload() payload: UserRegisteredV1, @Ctx() context: MessageContext): Promise<void> {
    await context
      .getManager()
      .query(`INSERT INTO effects (message_id, topic, key, label, partition, "offset") VALUES ($1, $2, $3, $4, $5, $6)`, [
        context.getEnvelope().id,
        context.getTopic(),
        context.getKey(),
        payload.displayName,
        context.getPartition(),
        context.getOffset(),
      ]);
    if (broken.has(payload.displayName)) throw new Error(`${payload.displayName}: what it needs is missing`);
  }
}

function user(label: string): UserRegisteredV1 {
  return {
    userId: uuidv7(),
    email: 'probe@example.org',
    displayName: label,
    locale: 'en',
    registeredAt: new Date().toISOString(),
  };
}

describe('dlq:redrive', () => {
  let service: ProbeService;
  const kafka = new KafkaProbe(probePrefix(SUITE));
  const effects = (label: string) => count(service.dataSource, 'SELECT 1 FROM effects WHERE label = $1', [label]);
  const redrive = (since?: Date) =>
    redriveDeadLetters({
      brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      prefix: probePrefix(SUITE),
      service: 'probe',
      topic: Topics.UserRegisteredV1,
      since,
    });

  beforeAll(async () => {
    service = await startProbe({ suite: SUITE, controllers: [UsersConsumer], messageMaxAttempts: 2, messageRetryBackoffMs: 20 });
  });

  afterAll(async () => {
    await kafka.close();
    await service?.close();
  });

  it('re-drives what the service dead-lettered, once fixed: it applies once, even re-driven twice', async () => {
    const dlq = await kafka.read(deadLetterTopic(Topics.UserRegisteredV1));
    const label = `missing-${uuidv7()}`;
    broken.add(label);
    const envelope = kafka.envelope(Topics.UserRegisteredV1, user(label));
    // Dead-lettered by another consumer group: not this service's to re-drive.
    const foreign = kafka.envelope(Topics.UserRegisteredV1, user(`foreign-${label}`));
    await kafka.produce(deadLetterTopic(Topics.UserRegisteredV1) as TopicName, [{ key: 'foreign', value: foreign }]);
    const before = new Date();
    await kafka.produce(Topics.UserRegisteredV1, [{ key: label, value: envelope }]);
    await waitFor(
      () => dlq.messages.filter((m) => m.key === label),
      (list) => list.length === 1,
      { what: 'the failing message dead-lettered', timeoutMs: 60_000 },
    );
    expect(await effects(label)).toBe(0);

    broken.delete(label);
    const first = await redrive(new Date(before.getTime() - 1_000));
    expect(first.redriven).toBe(1);
    await waitFor(
      () => effects(label),
      (n) => n === 1,
      { what: 'the re-driven message applied', timeoutMs: 60_000 },
    );

    // Again, from the beginning: the inbox keeps it from applying twice.
    const second = await redrive();
    expect(second.redriven).toBeGreaterThanOrEqual(1);
    const marker = `marker-${uuidv7()}`;
    await kafka.produce(Topics.UserRegisteredV1, [{ key: label, value: kafka.envelope(Topics.UserRegisteredV1, user(marker)) }]);
    await waitFor(
      () => effects(marker),
      (n) => n === 1,
      { what: 'a message behind the second re-drive' },
    );
    expect(await effects(label)).toBe(1);
    expect(await effects(`foreign-${label}`)).toBe(0);
    expect(await count(service.dataSource, 'SELECT 1 FROM inbox WHERE message_id = $1', [envelope.id])).toBe(1);

    // Nothing dead-lettered since now: nothing to re-drive.
    expect((await redrive(new Date(Date.now() + 1_000))).redriven).toBe(0);
    expect(dlq.messages.find((m) => m.key === label)?.headers[Headers.DeadLetterAttempts]).toBe('2');
  });

  it('reads --since as an ISO time or a span back from now', () => {
    const now = new Date('2026-12-01T12:00:00.000Z');
    expect(parseSince('90m', now).toISOString()).toBe('2026-12-01T10:30:00.000Z');
    expect(parseSince('2d', now).toISOString()).toBe('2026-11-29T12:00:00.000Z');
    expect(parseSince('2026-12-01T08:00:00Z').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(() => parseSince('yesterday')).toThrow(/--since/);
  });
});
