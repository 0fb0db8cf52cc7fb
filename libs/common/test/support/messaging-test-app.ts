/**
 * A minimal service for the messaging tests: MessagingModule on a database and topic prefix of
 * the test's own, with the controllers the test gives, started exactly as services start
 * (`startMessaging`). The schema is the outbox and inbox plus one `effects` table where probe
 * handlers write what they applied, in the inbox transaction.
 */
import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  addOutboxParking,
  createMessagingTables,
  dropMessagingTables,
  dropOutboxParking,
  MessagingModule,
  migrateDatabase,
  serviceDataSourceOptions,
  startMessaging,
} from '@goodloop/common';
import { testDatabaseUrl, testKafkaConfig, testTopicPrefix, topicEndOffsets, waitFor } from '@goodloop/common/testing';
import { createEnvelope, type Envelope, type PayloadOf, type TopicName } from '@goodloop/contracts';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { DataSource, type DataSourceOptions, type MigrationInterface, type QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

class ProbeSchema1000000000000 implements MigrationInterface {
  name = 'ProbeSchema1000000000000';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner);
    await addOutboxParking(runner);
    await runner.query(`
      CREATE TABLE effects (
        seq bigserial PRIMARY KEY,
        message_id uuid NOT NULL,
        topic text NOT NULL,
        key text,
        label text NOT NULL,
        partition int NOT NULL,
      "offset" bigint NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE effects');
    await dropOutboxParking(runner);
    await dropMessagingTables(runner);
  }
}

export interface ProbeService {
  app: INestApplication;
  dataSource: DataSource;
  close(): Promise<void>;
}

export interface ProbeSettings {
  /** Names the database (`gl_t<run>_common_<suite>`) and the topic prefix (`t<run>-common-<suite>.`). */
  suite: string;
  controllers: Type<unknown>[];
  partitionsConsumedConcurrently?: number;
  outboxPollMs?: number;
  /** MESSAGE_MAX_ATTEMPTS, MESSAGE_RETRY_BACKOFF_MS, OUTBOX_MAX_ATTEMPTS (the services' defaults when unset). */
  messageMaxAttempts?: number;
  messageRetryBackoffMs?: number;
  outboxMaxAttempts?: number;
}

export function probePrefix(suite: string): string {
  return testTopicPrefix(`common-${suite}`);
}

/** Migrates the suite's database and starts a service with `controllers`. */
export async function startProbe(settings: ProbeSettings): Promise<ProbeService> {
  const url = testDatabaseUrl('common', settings.suite);
  const options = {
    ...serviceDataSourceOptions({ url, entities: [], migrations: [ProbeSchema1000000000000], applicationName: 'probe' }),
    url,
  } as DataSourceOptions & { url: string };
  await migrateDatabase(options);

  @Module({})
  class ProbeModule {
    static forRoot(): DynamicModule {
      return {
        module: ProbeModule,
        imports: [
          TypeOrmModule.forRoot(options),
          MessagingModule.forRoot({
            service: 'probe',
            config: {
              KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
              // The environment's login (the admin against the local broker): a probe service of
              // libs/common's own tests, not a platform principal.
              KAFKA_SASL_MECHANISM: process.env.KAFKA_SASL_MECHANISM as 'scram-sha-512' | undefined,
              KAFKA_USERNAME: process.env.KAFKA_USERNAME,
              KAFKA_PASSWORD: process.env.KAFKA_PASSWORD,
              KAFKA_TOPIC_PREFIX: probePrefix(settings.suite),
              KAFKA_PARTITIONS: 3,
              KAFKA_REPLICATION_FACTOR: 1,
              OUTBOX_POLL_MS: settings.outboxPollMs ?? 50,
              KAFKA_SESSION_TIMEOUT_MS: 10_000,
              MESSAGE_MAX_ATTEMPTS: settings.messageMaxAttempts,
              MESSAGE_RETRY_BACKOFF_MS: settings.messageRetryBackoffMs,
              OUTBOX_MAX_ATTEMPTS: settings.outboxMaxAttempts,
            },
            partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently ?? 3,
          }),
        ],
        controllers: settings.controllers,
      };
    }
  }

  const app = await NestFactory.create(ProbeModule.forRoot(), { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await startMessaging(app);
  return { app, dataSource: app.get(DataSource), close: () => app.close() };
}

export interface ReadMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** A Kafka client for the test itself: produces as another service would, reads topics back. */
export class KafkaProbe {
  readonly kafka: Kafka;
  private producer?: Producer;
  private admin?: Admin;
  private readonly consumers: Consumer[] = [];

  constructor(readonly prefix: string) {
    this.kafka = new Kafka({
      clientId: `common-test-${randomBytes(3).toString('hex')}`,
      ...testKafkaConfig(),
      // Leader elections right after topic creation make kafkajs log errors it then retries.
      logLevel: logLevel.NOTHING,
    });
  }

  envelope<T extends TopicName>(topic: T, payload: PayloadOf<T>, id: string = uuidv7()): Envelope<PayloadOf<T>> {
    return createEnvelope(topic, payload, { id, producer: 'common-test', correlationId: uuidv7() });
  }

  async produce(topic: TopicName, messages: { key: string; value: string | object }[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    await this.producer.send({
      topic: this.prefix + topic,
      acks: -1,
      messages: messages.map(({ key, value }) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) })),
    });
  }

  async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    return this.admin;
  }

  /** Everything on a (logical) topic from the beginning, read by a group of the test's own, as it arrives. */
  async read(topic: string): Promise<TopicTap> {
    const consumer = this.kafka.consumer({
      groupId: `${this.prefix}tap-${randomBytes(4).toString('hex')}`,
      maxWaitTimeInMs: 100,
    });
    this.consumers.push(consumer);
    const tap = new TopicTap(this.prefix + topic, await this.connectedAdmin());
    await consumer.connect();
    await consumer.subscribe({ topics: [this.prefix + topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        tap.add({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: headersToStrings(message.headers),
        });
      },
    });
    return tap;
  }

  async close(): Promise<void> {
    for (const consumer of this.consumers) await consumer.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }
}

export class TopicTap {
  readonly messages: ReadMessage[] = [];
  private readonly next = new Map<number, bigint>();

  constructor(
    readonly topic: string,
    private readonly admin: Admin,
  ) {}

  add(message: ReadMessage): void {
    this.messages.push(message);
    this.next.set(message.partition, BigInt(message.offset) + 1n);
  }

  /** Waits until everything on the topic now has been read: counts are then final. */
  async caughtUp(): Promise<void> {
    const ends = await topicEndOffsets(this.admin, this.topic);
    await waitFor(() => ends.every((p) => (this.next.get(p.partition) ?? 0n) >= BigInt(p.high)), Boolean, {
      what: `reading ${this.topic} to its end`,
      timeoutMs: 30_000,
    });
  }

  envelopes<T>(): Envelope<T>[] {
    return this.messages.map((m) => JSON.parse(m.value ?? 'null') as Envelope<T>);
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

export async function count(ds: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = (await ds.query(`SELECT count(*)::int AS n FROM (${sql}) AS q`, params)) as { n: number }[];
  return row?.n ?? 0;
}
