/**
 * The Kafka transport against the real broker and PostgreSQL: handlers written as Nest
 * `@EventPattern` methods get messages in order per key, run inside the inbox transaction (a
 * failed attempt leaves nothing, a repeat is skipped), and what cannot be parsed or never can
 * apply goes to `<topic>.dlq` with the reason. Batch handlers get whole fetches.
 */
import 'reflect-metadata';
import {
  Controller,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  BATCH,
  KafkaTransport,
  MessageBatchContext,
  MessageContext,
  PermanentMessageError,
  type BatchMessage,
} from '@goodloop/common';
import { testDatabaseUrl, topicEndOffsets, waitFor } from '@goodloop/common/testing';
import { deadLetterTopic, Headers, Topics, type OrgCreatedV1, type UserRegisteredV1 } from '@goodloop/contracts';
import type { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { count, KafkaProbe, probePrefix, startProbe, type ProbeService } from './support/messaging-test-app';

jest.setTimeout(180_000);

const SUITE = 'transport';

/** What the probe handlers saw and how they behave, per label (the payload's displayName / name). */
const attempts = new Map<string, number>();
const refuse = new Set<string>();
const flaky = new Set<string>();
/** Labels whose handler fails on every try with an ordinary error. */
const poison = new Set<string>();
const batches: string[][] = [];
/** Handlers for these labels wait at the gate before they finish. */
const gates = new Map<string, { entered: boolean; gate: Promise<void> }>();
const batchTopics = new Set<string>();
const contextsSeen = new Set<string>();

@Injectable()
class ContextProbe implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ctx: unknown = context.switchToRpc().getContext();
    const kind = ctx instanceof MessageContext ? 'message' : ctx instanceof MessageBatchContext ? 'batch' : 'other';
    contextsSeen.add(`${context.getType()}:${kind}`);
    return next.handle();
  }
}

@Controller()
@UseInterceptors(ContextProbe)
class ProbeConsumer {
  @EventPattern(Topics.UserRegisteredV1)
  async onUser(@Payload() payload: UserRegisteredV1, @Ctx() context: MessageContext): Promise<void> {
    const label = payload.displayName;
    const attempt = (attempts.get(label) ?? 0) + 1;
    attempts.set(label, attempt);
    // The effect is written before the handler fails: only the rollback keeps a retry from doubling it.
    await context
      .getManager()
      .query(`INSERT INTO effects (message_id, topic, key, label, partition, "offset") VALUES ($1, $2, $3, $4, $5, $6)`, [
        context.getEnvelope().id,
        context.getTopic(),
        context.getKey(),
        label,
        context.getPartition(),
        context.getOffset(),
      ]);
    const gate = gates.get(label);
    if (gate) {
      gate.entered = true;
      await gate.gate;
    }
    if (refuse.has(label)) throw new PermanentMessageError(`${label} names nothing that will ever exist`);
    if (flaky.has(label) && attempt <= 2) throw new Error(`${label}: the database blinked (attempt ${attempt})`);
    if (poison.has(label)) throw new Error(`${label}: fails every time`);
  }

  @EventPattern(Topics.OrgCreatedV1, BATCH)
  onOrgs(@Payload() messages: BatchMessage<typeof Topics.OrgCreatedV1>[], @Ctx() context: MessageBatchContext): void {
    batchTopics.add(context.getTopic());
    for (const m of messages) attempts.set(m.payload.name, (attempts.get(m.payload.name) ?? 0) + 1);
    const bad = messages.find((m) => poison.has(m.payload.name));
    if (bad) throw new Error(`${bad.payload.name}: fails every time`);
    batches.push(messages.map((m) => m.payload.name));
  }
}

@Controller()
class SecondUserConsumer {
  @EventPattern(Topics.UserRegisteredV1)
  onUser(): void {}
}

@Controller()
class RequestReplyConsumer {
  @MessagePattern(Topics.OrgCreatedV1)
  onOrg(): string {
    return 'reply';
  }
}

@Controller()
class UnknownTopicConsumer {
  @EventPattern('gateway.user.registred.v1')
  onTypo(): void {}
}

function user(label: string): UserRegisteredV1 {
  return {
    userId: uuidv7(),
    email: 'probe@example.org',
    displayName: label,
    locale: 'zh-CN',
    registeredAt: new Date().toISOString(),
  };
}

describe('Kafka transport (libs/common)', () => {
  let service: ProbeService;
  const kafka = new KafkaProbe(probePrefix(SUITE));
  const start = async () => {
    service = await startProbe({ suite: SUITE, controllers: [ProbeConsumer], messageMaxAttempts: 4, messageRetryBackoffMs: 50 });
  };
  const labels = async (label: string) => count(service.dataSource, 'SELECT 1 FROM effects WHERE label = $1', [label]);

  beforeAll(start);

  afterAll(async () => {
    await kafka.close();
    await service?.close();
  });

  it('runs handlers through Nest (RPC execution context, interceptors) and reports itself healthy', async () => {
    const label = `hello-${uuidv7()}`;
    await kafka.produce(Topics.UserRegisteredV1, [{ key: 'k', value: kafka.envelope(Topics.UserRegisteredV1, user(label)) }]);
    await waitFor(
      () => labels(label),
      (n) => n === 1,
      { what: 'the first message applied', timeoutMs: 60_000 },
    );
    expect(contextsSeen.has('rpc:message')).toBe(true);
    expect(service.app.get(KafkaTransport).health).toEqual({ ok: true, state: 'running' });
  });

  it("keeps each key's messages in order, over partitions handled at once, and applies each once", async () => {
    const run = uuidv7();
    const keys = Array.from({ length: 8 }, (_, k) => `order-${run}-${k}`);
    const sent: string[] = [];
    for (let round = 0; round < 5; round++) {
      const messages = [];
      for (let i = 0; i < 5; i++) {
        for (const key of keys) {
          const label = `${key}#${String(round * 5 + i).padStart(2, '0')}`;
          sent.push(label);
          messages.push({ key, value: kafka.envelope(Topics.UserRegisteredV1, user(label)) });
        }
      }
      await kafka.produce(Topics.UserRegisteredV1, messages);
    }
    const applied = await waitFor(
      async () =>
        (await service.dataSource.query(`SELECT key, label FROM effects WHERE key LIKE $1 ORDER BY seq`, [`order-${run}-%`])) as {
          key: string;
          label: string;
        }[],
      (rows) => rows.length >= sent.length,
      { what: '200 messages applied', timeoutMs: 90_000 },
    );
    expect(applied).toHaveLength(sent.length);
    for (const key of keys) {
      const inOrder = applied.filter((r) => r.key === key).map((r) => r.label);
      expect(inOrder).toEqual(sent.filter((label) => label.startsWith(`${key}#`)));
    }
    // Several partitions were in play, so the order above is not simply one partition's.
    const partitions = (await service.dataSource.query(`SELECT DISTINCT partition FROM effects WHERE key LIKE $1`, [
      `order-${run}-%`,
    ])) as unknown[];
    expect(partitions.length).toBeGreaterThan(1);
  });

  it('retries a handler that throws, and the inbox transaction leaves the effect once', async () => {
    const label = `flaky-${uuidv7()}`;
    const after = `after-${label}`;
    flaky.add(label);
    const key = `flaky-key-${uuidv7()}`;
    const envelope = kafka.envelope(Topics.UserRegisteredV1, user(label));
    await kafka.produce(Topics.UserRegisteredV1, [
      { key, value: envelope },
      { key, value: kafka.envelope(Topics.UserRegisteredV1, user(after)) },
    ]);
    await waitFor(
      () => labels(after),
      (n) => n === 1,
      { what: 'the message behind the flaky one', timeoutMs: 90_000 },
    );
    expect(attempts.get(label)).toBe(3);
    expect(await labels(label)).toBe(1);
    expect(await count(service.dataSource, 'SELECT 1 FROM inbox WHERE message_id = $1', [envelope.id])).toBe(1);
  });

  it('dead-letters a message its handler refuses for good, with the reason, and keeps nothing of it', async () => {
    const dlq = await kafka.read(deadLetterTopic(Topics.UserRegisteredV1));
    const label = `refused-${uuidv7()}`;
    refuse.add(label);
    const key = `refused-key-${uuidv7()}`;
    const envelope = kafka.envelope(Topics.UserRegisteredV1, user(label));
    await kafka.produce(Topics.UserRegisteredV1, [
      { key, value: envelope },
      { key, value: kafka.envelope(Topics.UserRegisteredV1, user(`after-${label}`)) },
    ]);
    await waitFor(
      () => labels(`after-${label}`),
      (n) => n === 1,
      { what: 'the message behind the refused one', timeoutMs: 60_000 },
    );
    const dead = await waitFor(
      () => dlq.messages.filter((m) => m.key === key),
      (list) => list.length > 0,
      { what: 'the refused message on the dead-letter topic' },
    );
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!.value!)).toEqual(envelope);
    expect(dead[0]!.headers).toMatchObject({
      [Headers.DeadLetterReason]: `${label} names nothing that will ever exist`,
      [Headers.DeadLetterTopic]: Topics.UserRegisteredV1,
      [Headers.DeadLetterGroup]: `${probePrefix(SUITE)}probe`,
    });
    expect(Number(dead[0]!.headers[Headers.DeadLetterOffset])).toBeGreaterThanOrEqual(0);
    expect(await labels(label)).toBe(0);
    expect(await count(service.dataSource, 'SELECT 1 FROM inbox WHERE message_id = $1', [envelope.id])).toBe(0);
  });

  it('dead-letters a message that fails every try after the bounded tries, with the reason and the count, and goes on with its key', async () => {
    const dlq = await kafka.read(deadLetterTopic(Topics.UserRegisteredV1));
    const label = `poison-${uuidv7()}`;
    poison.add(label);
    const key = `poison-key-${uuidv7()}`;
    const envelope = kafka.envelope(Topics.UserRegisteredV1, user(label));
    const behind = [1, 2, 3].map((i) => `after-${i}-${label}`);
    await kafka.produce(Topics.UserRegisteredV1, [
      { key, value: envelope },
      ...behind.map((b) => ({ key, value: kafka.envelope(Topics.UserRegisteredV1, user(b)) })),
    ]);
    const dead = await waitFor(
      () => dlq.messages.filter((m) => m.key === key),
      (list) => list.length > 0,
      { what: 'the poison message on the dead-letter topic', timeoutMs: 60_000 },
    );
    await waitFor(
      () => count(service.dataSource, 'SELECT 1 FROM effects WHERE label = ANY($1)', [behind]),
      (n) => n === 3,
      { what: 'the messages behind the poison one', timeoutMs: 60_000 },
    );
    expect(attempts.get(label)).toBe(4);
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!.value!)).toEqual(envelope);
    expect(dead[0]!.headers[Headers.DeadLetterReason]).toBe(`failed 4 times: ${label}: fails every time`);
    expect(dead[0]!.headers[Headers.DeadLetterAttempts]).toBe('4');
    expect(await labels(label)).toBe(0);
    // The ones behind it were applied in their order.
    const order = (await service.dataSource.query('SELECT label FROM effects WHERE label = ANY($1) ORDER BY seq', [behind])) as {
      label: string;
    }[];
    expect(order.map((r) => r.label)).toEqual(behind);
  });

  it('splits a failing batch until the one poison message is alone, dead-letters only it, and applies the rest in order', async () => {
    const dlq = await kafka.read(deadLetterTopic(Topics.OrgCreatedV1));
    const key = `split-${uuidv7()}`;
    const names = Array.from({ length: 64 }, (_, i) => `${key}#${String(i).padStart(3, '0')}`);
    const bad = names[37]!;
    poison.add(bad);
    const org = (name: string): OrgCreatedV1 => ({
      orgId: uuidv7(),
      name,
      kind: 'community',
      createdAt: new Date().toISOString(),
    });
    await service.close();
    await kafka.produce(
      Topics.OrgCreatedV1,
      names.map((name) => ({ key, value: kafka.envelope(Topics.OrgCreatedV1, org(name)) })),
    );
    batches.length = 0;
    await start();
    const dead = await waitFor(
      () => dlq.messages.filter((m) => m.key === key),
      (list) => list.length > 0,
      { what: 'the poison organisation dead-lettered', timeoutMs: 90_000 },
    );
    const received = await waitFor(
      () => batches.flat().filter((name) => name.startsWith(key)),
      (list) => list.length >= names.length - 1,
      { what: 'the 63 good organisations handed over', timeoutMs: 90_000 },
    );
    expect(received).toEqual(names.filter((n) => n !== bad));
    expect(dead).toHaveLength(1);
    expect((JSON.parse(dead[0]!.value!) as { payload: OrgCreatedV1 }).payload.name).toBe(bad);
    expect(dead[0]!.headers[Headers.DeadLetterReason]).toBe(`failed 4 times: ${bad}: fails every time`);
    expect(dead[0]!.headers[Headers.DeadLetterAttempts]).toBe('4');
  });

  it('dead-letters what it cannot parse, with the reason and where it came from, and goes on with the partition', async () => {
    const dlq = await kafka.read(deadLetterTopic(Topics.UserRegisteredV1));
    const key = `garbled-${uuidv7()}`;
    const next = `after-${key}`;
    await kafka.produce(Topics.UserRegisteredV1, [
      { key, value: '{"id": "not json' },
      { key, value: kafka.envelope(Topics.UserRegisteredV1, { ...user('x'), email: 'not an email' }) },
      { key, value: kafka.envelope(Topics.UserRegisteredV1, user(next)) },
    ]);
    await waitFor(
      () => labels(next),
      (n) => n === 1,
      { what: 'the valid message behind two broken ones', timeoutMs: 60_000 },
    );
    const dead = await waitFor(
      () => dlq.messages.filter((m) => m.key === key),
      (list) => list.length === 2,
      { what: 'both broken messages on the dead-letter topic' },
    );
    expect(dead[0]!.value).toBe('{"id": "not json');
    expect(dead[0]!.headers[Headers.DeadLetterReason]).toMatch(/^value is not JSON/);
    expect(dead[1]!.headers[Headers.DeadLetterReason]).toMatch(/^invalid payload: email/);
    // Both from one partition, one after the other: the offsets say exactly which messages they were.
    expect(dead[0]!.headers[Headers.DeadLetterPartition]).toBe(dead[1]!.headers[Headers.DeadLetterPartition]);
    expect(BigInt(dead[1]!.headers[Headers.DeadLetterOffset]!)).toBe(BigInt(dead[0]!.headers[Headers.DeadLetterOffset]!) + 1n);
  });

  it('applies a redelivered message once: published twice, and read again from the start after an offset reset', async () => {
    const label = `twice-${uuidv7()}`;
    const envelope = kafka.envelope(Topics.UserRegisteredV1, user(label));
    await kafka.produce(Topics.UserRegisteredV1, [{ key: label, value: envelope }]);
    await kafka.produce(Topics.UserRegisteredV1, [{ key: label, value: envelope }]);
    await waitFor(
      () => attempts.get(label) ?? 0,
      (n) => n === 1,
      { what: 'the first delivery applied' },
    );
    const admin = await kafka.connectedAdmin();
    const topic = probePrefix(SUITE) + Topics.UserRegisteredV1;
    const group = `${probePrefix(SUITE)}probe`;
    const ends = await topicEndOffsets(admin, topic);
    const committedToEnd = async () => {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return ends.every((end) => offsets!.partitions.find((p) => p.partition === end.partition)?.offset === end.high);
    };
    await waitFor(committedToEnd, Boolean, { what: 'the group to commit both deliveries', timeoutMs: 30_000 });
    expect(await labels(label)).toBe(1);
    const effectsBefore = await count(service.dataSource, 'SELECT 1 FROM effects');

    // Every message of the topic delivered again, as after a lost commit.
    await service.close();
    await admin.resetOffsets({ groupId: group, topic, earliest: true });
    await start();
    await waitFor(committedToEnd, Boolean, { what: 'the group to read the topic again to its end', timeoutMs: 90_000 });
    expect(await count(service.dataSource, 'SELECT 1 FROM effects')).toBe(effectsBefore);
    expect(attempts.get(label)).toBe(1);
  });

  it('hands a batch handler every valid message of a fetch, in order, after dead-lettering the broken ones', async () => {
    const dlq = await kafka.read(deadLetterTopic(Topics.OrgCreatedV1));
    const key = `orgs-${uuidv7()}`;
    const names = Array.from({ length: 300 }, (_, i) => `${key}#${String(i).padStart(3, '0')}`);
    const org = (name: string): OrgCreatedV1 => ({
      orgId: uuidv7(),
      name,
      kind: 'community',
      createdAt: new Date().toISOString(),
    });
    // Written while no consumer runs, so that the first fetch finds them all waiting.
    await service.close();
    await kafka.produce(Topics.OrgCreatedV1, [
      ...names.slice(0, 150).map((name) => ({ key, value: kafka.envelope(Topics.OrgCreatedV1, org(name)) })),
      { key, value: 'garbage' },
      { key, value: kafka.envelope(Topics.OrgCreatedV1, { ...org('no kind'), kind: 'castle' as OrgCreatedV1['kind'] }) },
      ...names.slice(150).map((name) => ({ key, value: kafka.envelope(Topics.OrgCreatedV1, org(name)) })),
    ]);
    batches.length = 0;
    await start();
    const received = await waitFor(
      () => batches.flat().filter((name) => name.startsWith(key)),
      (list) => list.length >= names.length,
      { what: 'all 300 organisations handed to the batch handler', timeoutMs: 90_000 },
    );
    expect(received).toEqual(names);
    expect(Math.max(...batches.map((b) => b.length))).toBeGreaterThan(100);
    expect(contextsSeen.has('rpc:batch')).toBe(true);
    expect([...batchTopics]).toEqual([Topics.OrgCreatedV1]);
    const dead = await waitFor(
      () => dlq.messages.filter((m) => m.key === key),
      (list) => list.length === 2,
      { what: 'the two broken organisations dead-lettered' },
    );
    expect(dead.map((m) => m.headers[Headers.DeadLetterReason])).toEqual([
      expect.stringMatching(/^value is not JSON/),
      expect.stringMatching(/^invalid payload: kind/),
    ]);
  });

  it('refuses to start with two handlers for a topic, a request/reply handler, or a topic the contracts do not name', async () => {
    await expect(startProbe({ suite: 'transport_bad1', controllers: [ProbeConsumer, SecondUserConsumer] })).rejects.toThrow(
      `probe: two handlers for ${Topics.UserRegisteredV1}`,
    );
    await expect(startProbe({ suite: 'transport_bad2', controllers: [RequestReplyConsumer] })).rejects.toThrow(
      `probe: ${Topics.OrgCreatedV1} is a @MessagePattern; use @EventPattern`,
    );
    await expect(startProbe({ suite: 'transport_bad3', controllers: [UnknownTopicConsumer] })).rejects.toThrow(
      'probe: no topic gateway.user.registred.v1 in libs/contracts/src/topics.ts',
    );
  });

  it('finishes the message in hand, and commits it, before the app closes its DataSource', async () => {
    const label = `slow-${uuidv7()}`;
    let release!: () => void;
    const gate = { entered: false, gate: new Promise<void>((resolve) => (release = resolve)) };
    gates.set(label, gate);
    const envelope = kafka.envelope(Topics.UserRegisteredV1, user(label));
    await kafka.produce(Topics.UserRegisteredV1, [{ key: label, value: envelope }]);
    await waitFor(() => gate.entered, Boolean, { what: 'the handler to start on the message' });

    const transport = service.app.get(KafkaTransport);
    const closing = service.close();
    // Let the handler finish only once the shutdown is under way.
    await waitFor(
      () => transport.health.state,
      (state) => state === 'stopped',
      { what: 'the transport to begin stopping' },
    );
    release();
    await closing;

    const check = new DataSource({ type: 'postgres', url: testDatabaseUrl('common', SUITE) });
    await check.initialize();
    try {
      expect(await count(check, 'SELECT 1 FROM effects WHERE label = $1', [label])).toBe(1);
      expect(await count(check, 'SELECT 1 FROM inbox WHERE message_id = $1', [envelope.id])).toBe(1);
    } finally {
      await check.destroy();
    }
    await start();
  });
});
