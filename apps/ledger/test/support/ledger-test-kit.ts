/**
 * What the ledger's integration tests share: a config on this run's own database and topic
 * prefix, a running app, a Kafka client that produces enveloped messages the way other services'
 * relays do and taps topics to read back what the ledger emitted, and user-context headers as
 * the gateway sends them.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { encodeUserContext, INTERNAL_TOKEN_HEADER, USER_CONTEXT_HEADER, type UserContext } from '@goodloop/common';
import { TEST_INTERNAL_TOKEN, testDatabaseUrl, testTopicPrefix, waitFor } from '@goodloop/common/testing';
import { createEnvelope, Headers, type Envelope, type PayloadOf, type TopicName } from '@goodloop/contracts';
import { Kafka, logLevel, Partitioners, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { createLedgerApp } from '../../src/app';
import { loadLedgerConfig, type LedgerConfig } from '../../src/config/env';

export function ledgerTestConfig(suite: string): LedgerConfig {
  return loadLedgerConfig({
    ...process.env,
    DATABASE_URL: testDatabaseUrl('ledger', suite),
    KAFKA_TOPIC_PREFIX: testTopicPrefix(`ledger-${suite}`),
    INTERNAL_API_TOKEN: TEST_INTERNAL_TOKEN,
    LOG_LEVEL: 'warn',
  });
}

/** A ledger listening on a free port (so supertest can run requests side by side). */
export async function startLedger(config: LedgerConfig): Promise<INestApplication> {
  const app = await createLedgerApp(config);
  await app.listen(0, '127.0.0.1');
  return app;
}

export function dataSourceOf(app: INestApplication): DataSource {
  return app.get(DataSource);
}

// ---- users as the gateway passes them ------------------------------------------------------

export function resident(over: Partial<UserContext> = {}): UserContext {
  const id = over.id ?? uuidv7();
  return {
    id,
    email: `${id}@example.org`,
    displayName: 'Resident',
    roles: ['resident'],
    residentVerified: true,
    memberships: [],
    ...over,
  };
}

export function admin(): UserContext {
  return resident({ displayName: 'Admin', roles: ['resident', 'admin'] });
}

/** The headers the gateway adds to every internal call. */
export function asUser(user?: UserContext): Record<string, string> {
  return {
    [INTERNAL_TOKEN_HEADER]: TEST_INTERNAL_TOKEN,
    ...(user ? { [USER_CONTEXT_HEADER]: encodeUserContext(user) } : {}),
  };
}

// ---- Kafka -----------------------------------------------------------------------------------

export interface TappedMessage {
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export class KafkaTestClient {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private readonly consumers: Consumer[] = [];

  constructor(private readonly prefix: string) {
    this.kafka = new Kafka({
      clientId: `ledger-test-${randomBytes(3).toString('hex')}`,
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      // Leader elections right after topic creation make kafkajs log errors it then retries.
      logLevel: logLevel.NOTHING,
    });
  }

  /** An envelope exactly as another service's outbox relay would publish it. */
  envelope<T extends TopicName>(topic: T, payload: PayloadOf<T>, id: string = uuidv7()): Envelope<PayloadOf<T>> {
    return createEnvelope(topic, payload, { id, producer: 'ledger-test', correlationId: uuidv7() });
  }

  /** Produces `payload` on the prefixed topic; returns the envelope it sent. */
  async produce<T extends TopicName>(
    topic: T,
    key: string,
    payload: PayloadOf<T>,
    envelopeId?: string,
  ): Promise<Envelope<PayloadOf<T>>> {
    const envelope = this.envelope(topic, payload, envelopeId);
    await this.produceRaw(topic, key, JSON.stringify(envelope), { [Headers.MessageId]: envelope.id, [Headers.Type]: topic });
    return envelope;
  }

  /** Produces any bytes at all (for malformed messages). */
  async produceRaw(topic: TopicName, key: string, value: string, headers: IHeaders = {}): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
    }
    await this.producer.send({ topic: this.prefix + topic, acks: -1, messages: [{ key, value, headers }] });
  }

  /** Reads `topics` (logical names; a `.dlq` suffix is fine) from the beginning into a list. */
  async tap(topics: string[]): Promise<TappedMessage[]> {
    const seen: TappedMessage[] = [];
    const consumer = this.kafka.consumer({
      groupId: `${this.prefix}tap-${randomBytes(4).toString('hex')}`,
      maxWaitTimeInMs: 100,
    });
    this.consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: topics.map((t) => this.prefix + t), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value !== undefined) headers[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
        }
        seen.push({
          topic: topic.slice(this.prefix.length),
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? null,
          headers,
        });
      },
    });
    return seen;
  }

  async close(): Promise<void> {
    for (const consumer of this.consumers) await consumer.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}

/** Payloads of the tapped messages on one topic, parsed from their envelopes. */
export function payloadsOn<T>(seen: TappedMessage[], topic: string): T[] {
  return seen.filter((m) => m.topic === topic && m.value).map((m) => (JSON.parse(m.value!) as Envelope<T>).payload);
}

// ---- reading the ledger's tables -------------------------------------------------------------

export interface AccountSnapshot {
  id: string;
  balance: number;
  debitsPosted: number;
  creditsPosted: number;
}

export async function accountOf(ds: DataSource, key: string, asset = 'POINTS'): Promise<AccountSnapshot | undefined> {
  const [row] = (await ds.query(
    `SELECT id, (credits_posted - debits_posted)::text AS balance, debits_posted::text AS d, credits_posted::text AS c
       FROM accounts WHERE key = $1 AND asset = $2`,
    [key, asset],
  )) as { id: string; balance: string; d: string; c: string }[];
  return row && { id: row.id, balance: Number(row.balance), debitsPosted: Number(row.d), creditsPosted: Number(row.c) };
}

export async function balanceOf(ds: DataSource, key: string, asset = 'POINTS'): Promise<number> {
  return (await accountOf(ds, key, asset))?.balance ?? 0;
}

export async function countRows(ds: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = (await ds.query(`SELECT COUNT(*)::int AS n FROM (${sql}) AS q`, params)) as { n: number }[];
  return row?.n ?? 0;
}

export { waitFor };
