// Decorators of the contracts (class-transformer's @Type) need the metadata API before anything loads.
import 'reflect-metadata';
/**
 * Test support for the volunteers integration suites: the app on a database and topic prefix of
 * its own, HTTP calls as a given user (the headers the gateway would send), Kafka produce and
 * read helpers with consumer groups of the test's own.
 */
import type { INestApplication } from '@nestjs/common';
import { encodeUserContext, INTERNAL_TOKEN_HEADER, USER_CONTEXT_HEADER, type UserContext } from '@goodloop/common';
import { TEST_INTERNAL_TOKEN, testDatabaseUrl, testTopicPrefix, topicEndOffsets, waitFor } from '@goodloop/common/testing';
import { createEnvelope, type Envelope, type PayloadOf, type TopicName } from '@goodloop/contracts';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { createVolunteersApp } from '../src/app';
import { loadVolunteersConfig, type VolunteersConfig } from '../src/config/env';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export function resident(displayName = 'Resident'): UserContext {
  const id = uuidv7();
  return { id, email: `${id}@example.org`, displayName, roles: ['resident'], residentVerified: true, memberships: [] };
}

export function organizerOf(orgId: string, orgName = '阳光社区'): UserContext {
  const user = resident('Organizer');
  return {
    ...user,
    roles: ['resident', 'organizer'],
    memberships: [{ orgId, orgName, orgKind: 'community', role: 'organizer' }],
  };
}

export function admin(): UserContext {
  return { ...resident('Admin'), roles: ['resident', 'admin'] };
}

export interface ActivityBody {
  orgId: string;
  title: string;
  description?: string;
  category: string;
  place: { name: string; address?: string; lat?: number; lng?: number };
  startsAt: string;
  endsAt: string;
  capacity: number;
  pointsPerHour: number;
}

/** An activity body starting `startInMs` from now and lasting `durationMs`. */
export function activityBody(
  orgId: string,
  overrides: Partial<ActivityBody> = {},
  startInMs = 2 * HOUR,
  durationMs = 2 * HOUR,
): ActivityBody {
  const startsAt = new Date(Date.now() + startInMs);
  return {
    orgId,
    title: '陪伴长者读报',
    category: 'elderly',
    place: { name: '阳光社区活动中心', address: '上海市 阳光路 1 号', lat: 31.23, lng: 121.47 },
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + durationMs).toISOString(),
    capacity: 10,
    pointsPerHour: 10,
    ...overrides,
  };
}

export class VolunteersHarness {
  app!: INestApplication;
  config!: VolunteersConfig;
  dataSource!: DataSource;
  readonly kafka: Kafka;
  private producer?: Producer;
  private admin?: Admin;
  private readonly readers: TopicReader[] = [];

  constructor(readonly suite: string) {
    this.kafka = new Kafka({
      clientId: `volunteers-test-${suite}`,
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      // Transient leader elections right after topic creation are retried by kafkajs; failures show as test failures.
      logLevel: logLevel.NOTHING,
    });
  }

  get prefix(): string {
    return testTopicPrefix(this.suite);
  }

  async start(): Promise<this> {
    this.config = loadVolunteersConfig({
      ...process.env,
      DATABASE_URL: testDatabaseUrl('volunteers', this.suite.replace(/-/g, '_')),
      KAFKA_TOPIC_PREFIX: this.prefix,
      INTERNAL_API_TOKEN: TEST_INTERNAL_TOKEN,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      OUTBOX_POLL_MS: '50',
    });
    this.app = await createVolunteersApp(this.config);
    // Listening (not only init) so that many concurrent supertest calls share one server.
    await this.app.listen(0, '127.0.0.1');
    this.dataSource = this.app.get(DataSource);
    return this;
  }

  async stop(): Promise<void> {
    for (const reader of this.readers) await reader.stop();
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    await this.app?.close();
  }

  /** Calls the internal API as `user` (or anonymously), with the gateway's token. */
  as(user?: UserContext) {
    const server = this.app.getHttpServer();
    const headers = (test: request.Test): request.Test => {
      test.set(INTERNAL_TOKEN_HEADER, TEST_INTERNAL_TOKEN);
      if (user) test.set(USER_CONTEXT_HEADER, encodeUserContext(user));
      return test;
    };
    return {
      get: (path: string) => headers(request(server).get(path)),
      post: (path: string, body: object = {}) => headers(request(server).post(path)).send(body),
      delete: (path: string) => headers(request(server).delete(path)),
    };
  }

  /** Publishes an activity as `organizer` and returns its answer (with the check-in code). */
  async publish(
    organizer: UserContext,
    body: ActivityBody,
  ): Promise<{ id: string; checkInCode: string } & Record<string, unknown>> {
    const res = await this.as(organizer).post('/internal/activities', body);
    if (res.status !== 201) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; checkInCode: string };
  }

  /** A message as another service would publish it: a full envelope on the prefixed topic. */
  envelope<T extends TopicName>(topic: T, payload: PayloadOf<T>): Envelope<PayloadOf<T>> {
    return createEnvelope(topic, payload, { id: uuidv7(), producer: 'gateway', correlationId: randomUUID() });
  }

  async produce(topic: TopicName, key: string, value: string | object): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    await this.producer.send({
      topic: this.prefix + topic,
      acks: -1,
      messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }],
    });
  }

  /** Starts reading a (prefixed) topic from the beginning in a consumer group of the test's own. */
  async read(topic: string): Promise<TopicReader> {
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    const reader = new TopicReader(
      this.kafka,
      this.admin,
      this.prefix + topic,
      `${this.prefix}test-reader-${randomBytes(4).toString('hex')}`,
    );
    this.readers.push(reader);
    await reader.start();
    return reader;
  }

  /** Waits until the relay has published every outbox row written so far. */
  async outboxDrained(): Promise<void> {
    await waitFor(
      async () =>
        Number(
          (
            (await this.dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')) as { n: number }[]
          )[0]!.n,
        ),
      (n) => n === 0,
      { what: 'the outbox to drain' },
    );
  }
}

export interface ReadMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export class TopicReader {
  readonly messages: ReadMessage[] = [];
  private readonly next = new Map<number, bigint>();
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    readonly topic: string,
    private readonly groupId: string,
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 200 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ partition, message }) => {
        this.messages.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: headersToStrings(message.headers),
        });
        this.next.set(partition, BigInt(message.offset) + 1n);
      },
    });
  }

  /** Waits until everything on the topic now has been read: the exact count is then final. */
  async caughtUp(): Promise<void> {
    const ends = await topicEndOffsets(this.admin, this.topic);
    await waitFor(() => ends.every((p) => (this.next.get(p.partition) ?? 0n) >= BigInt(p.high)), Boolean, {
      what: `reading ${this.topic} to its end`,
      timeoutMs: 30_000,
    });
  }

  payloads<T>(): T[] {
    return this.messages.map((m) => (JSON.parse(m.value ?? 'null') as Envelope<T>).payload);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}
