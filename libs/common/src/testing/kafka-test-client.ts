import { createEnvelope, Headers, type Envelope, type PayloadOf, type TopicName } from '@goodloop/contracts';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { KafkaSecurity } from '../config/service-config';
import { testKafkaConfig } from './kafka-acl';
import { topicEndOffsets } from './kafka';
import { waitFor } from './wait-for';

/** A message read back from a topic, with the run's prefix taken off its topic name. */
export interface TappedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Kafka as a test sees it from outside a service: produce what another service's relay would
 * (enveloped, or any bytes at all), and tap topics from the beginning in consumer groups of the
 * test's own, all under one topic prefix. `close()` disconnects everything it opened.
 */
export class KafkaTestClient {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private admin?: Admin;
  private readonly taps: Tap[] = [];

  constructor(
    readonly prefix: string,
    private readonly producerName = 'test',
    /** Whom to log in as; the environment's login (the admin, against the local broker) by default. */
    login?: Partial<KafkaSecurity>,
  ) {
    this.kafka = new Kafka({
      clientId: `test-${randomBytes(3).toString('hex')}`,
      ...testKafkaConfig(login),
      // Leader elections right after topic creation make kafkajs log errors it then retries.
      logLevel: logLevel.NOTHING,
    });
  }

  /** An envelope exactly as another service's outbox relay would publish it. */
  envelope<T extends TopicName>(topic: T, payload: PayloadOf<T>, id: string = uuidv7()): Envelope<PayloadOf<T>> {
    return createEnvelope(topic, payload, { id, producer: this.producerName, correlationId: uuidv7() });
  }

  /** Produces `payload` in an envelope on the prefixed topic; returns the envelope it sent. */
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
  async produceRaw(topic: string, key: string, value: string, headers: IHeaders = {}): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    await this.producer.send({ topic: this.prefix + topic, acks: -1, messages: [{ key, value, headers }] });
  }

  /** Reads `topics` (logical names; a `.dlq` suffix is fine) from the beginning. */
  async tap(topics: string[]): Promise<Tap> {
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    const tap = new Tap(
      this.kafka.consumer({ groupId: `${this.prefix}tap-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 100 }),
      this.admin,
      this.prefix,
      topics,
    );
    this.taps.push(tap);
    await tap.start();
    return tap;
  }

  async close(): Promise<void> {
    for (const tap of this.taps) await tap.stop();
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }
}

/** What a tap has read so far, growing as messages arrive. */
export class Tap {
  readonly messages: TappedMessage[] = [];
  private readonly next = new Map<string, bigint>();

  constructor(
    private readonly consumer: Consumer,
    private readonly admin: Admin,
    private readonly prefix: string,
    readonly topics: string[],
  ) {}

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics.map((t) => this.prefix + t), fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value === undefined) continue;
          headers[name] = Array.isArray(value)
            ? value.map(String).join(',')
            : Buffer.isBuffer(value)
              ? value.toString('utf8')
              : String(value);
        }
        this.messages.push({
          topic: topic.slice(this.prefix.length),
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? null,
          headers,
        });
        this.next.set(`${topic}:${partition}`, BigInt(message.offset) + 1n);
      },
    });
  }

  /** The messages read on one topic (all topics when none is named). */
  on(topic?: string): TappedMessage[] {
    return topic === undefined ? this.messages : this.messages.filter((m) => m.topic === topic);
  }

  /** Payloads of the messages on one topic, parsed from their envelopes. */
  payloads<T>(topic?: string): T[] {
    return payloadsOn<T>(this.on(topic));
  }

  /** Waits for a message on `topic` whose payload `match` accepts. */
  async waitFor<T = Record<string, unknown>>(
    topic: string,
    match: (payload: T) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<{ message: TappedMessage; envelope: Envelope<T> }> {
    const found = await waitFor(
      () =>
        this.on(topic)
          .map((message) => ({ message, envelope: JSON.parse(message.value ?? 'null') as Envelope<T> }))
          .find(({ envelope }) => envelope !== null && match(envelope.payload)),
      (hit) => hit !== undefined,
      { what: `a ${topic} message`, timeoutMs },
    );
    return found!;
  }

  /** Waits until everything on the tapped topics now has been read: the exact count is then final. */
  async caughtUp(): Promise<void> {
    for (const topic of this.topics) {
      const physical = this.prefix + topic;
      const ends = await topicEndOffsets(this.admin, physical);
      await waitFor(() => ends.every((p) => (this.next.get(`${physical}:${p.partition}`) ?? 0n) >= BigInt(p.high)), Boolean, {
        what: `reading ${physical} to its end`,
        timeoutMs: 30_000,
      });
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
  }
}

/** Payloads of tapped messages (on one topic, when named), parsed from their envelopes. */
export function payloadsOn<T>(messages: readonly TappedMessage[], topic?: string): T[] {
  return messages
    .filter((m) => m.value && (topic === undefined || m.topic === topic))
    .map((m) => (JSON.parse(m.value!) as Envelope<T>).payload);
}
