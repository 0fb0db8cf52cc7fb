import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ALL_TOPICS, deadLetterTopic, Headers, type TopicName } from '@goodloop/contracts';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { requestContext } from '../context/request-context';
import { InboxService } from './inbox.service';
import { KafkaProducerService } from './kafka-producer.service';
import { parseMessage } from './message-parser';
import { MESSAGING_OPTIONS, TopicNamer, type MessagingOptions } from './messaging.options';
import { KAFKA_CLIENT, TOPIC_NAMER } from './messaging.tokens';
import {
  ON_MESSAGE,
  PermanentMessageError,
  type BatchMessage,
  type MessageContext,
  type OnMessageMetadata,
} from './on-message.decorator';

type BoundHandler =
  | { batch: false; handle: (payload: object, context: MessageContext) => Promise<void> }
  | { batch: true; handle: (messages: BatchMessage[]) => Promise<void> };

/**
 * Runs the service's consumer group. Handlers are found by their `@OnMessage` decorator.
 * Each batch is handled message by message, in partition order: parse and validate (failure →
 * `<topic>.dlq` with the reason, and on to the next message), then the handler inside an inbox
 * transaction. Offsets are resolved as messages finish and committed by kafkajs; a transient
 * failure throws out of the batch so kafkajs retries from the first unresolved message.
 */
@Injectable()
export class KafkaConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(KafkaConsumerHost.name);
  private readonly handlers = new Map<TopicName, BoundHandler>();
  private consumer?: Consumer;
  private state: 'idle' | 'starting' | 'running' | 'crashed' | 'stopped' = 'idle';
  private lastCrash?: string;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(TOPIC_NAMER) private readonly topics: TopicNamer,
    private readonly producer: KafkaProducerService,
    private readonly inbox: InboxService,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  get health(): { ok: boolean; state: string; error?: string } {
    const ok = this.handlers.size === 0 || this.state === 'running';
    return { ok, state: this.state, ...(this.lastCrash ? { error: this.lastCrash } : {}) };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.discoverHandlers();
    await this.ensureTopics();
    if (this.handlers.size === 0) return;
    this.state = 'starting';
    const consumer = this.kafka.consumer({
      groupId: this.topics.group(this.options.service),
      sessionTimeout: this.options.config.KAFKA_SESSION_TIMEOUT_MS ?? 15_000,
      heartbeatInterval: Math.min(1_500, Math.floor((this.options.config.KAFKA_SESSION_TIMEOUT_MS ?? 15_000) / 4)),
      rebalanceTimeout: 30_000,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 5_000 },
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.state = 'running';
      this.lastCrash = undefined;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.state = 'crashed';
      this.lastCrash = String(event.payload.error?.message ?? event.payload.error);
      this.logger.error(`consumer crashed (restart: ${String(event.payload.restart)}): ${this.lastCrash}`);
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.handlers.keys()].map((t) => this.topics.physical(t)), fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 1_000,
      eachBatchAutoResolve: false,
      // Partitions are still read in order each; several at once let batch handlers fill
      // their database calls.
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (batch) => this.handleBatch(batch),
    });
  }

  /** Leaves the group before the DataSource closes: the batch in hand finishes first. */
  async beforeApplicationShutdown(): Promise<void> {
    this.state = 'stopped';
    await this.consumer?.disconnect().catch((e: unknown) => this.logger.warn(`consumer disconnect: ${String(e)}`));
  }

  private discoverHandlers(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[name];
        if (typeof method !== 'function') continue;
        const meta = this.reflector.get<OnMessageMetadata | undefined>(ON_MESSAGE, method);
        if (!meta) continue;
        if (this.handlers.has(meta.topic)) throw new Error(`Two handlers for ${meta.topic} in ${this.options.service}`);
        const handle = (method as (...args: never[]) => Promise<void>).bind(instance) as never;
        this.handlers.set(meta.topic, meta.batch ? { batch: true, handle } : { batch: false, handle });
      }
    }
  }

  /**
   * Creates every platform topic and its dead-letter topic when missing (idempotent), then waits
   * until each has a leader for every partition. kafkajs's own wait gives up when the metadata
   * of a just-created topic has not reached the broker it asks ("does not host this
   * topic-partition"), which happens on a busy machine; this wait retries that too.
   */
  private async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const all = ALL_TOPICS.flatMap((t) => [t, deadLetterTopic(t)]).map((t) => this.topics.physical(t));
      const existing = new Set(await admin.listTopics());
      const missing = all.filter((t) => !existing.has(t));
      if (missing.length > 0) {
        try {
          await admin.createTopics({
            waitForLeaders: false,
            topics: missing.map((topic) => ({
              topic,
              numPartitions: this.options.config.KAFKA_PARTITIONS,
              replicationFactor: this.options.config.KAFKA_REPLICATION_FACTOR,
            })),
          });
        } catch (error) {
          // Another service created some of them at the same moment; that is the wanted state.
          if (!/exist/i.test(String((error as Error).message) + JSON.stringify(error))) throw error;
        }
      }
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          const { topics } = await admin.fetchTopicMetadata({ topics: all });
          if (
            topics.length === all.length &&
            topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
          ) {
            return;
          }
        } catch (error) {
          if (Date.now() > deadline) throw error;
        }
        if (Date.now() > deadline) throw new Error(`Kafka topics have no leaders after 60 s: ${all.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await admin.disconnect();
    }
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const topic = this.topics.logical(batch.topic) as TopicName;
    const handler = this.handlers.get(topic);
    if (handler?.batch) {
      await this.handleWholeBatch(topic, batch.partition, batch.messages, handler.handle);
      const last = batch.messages[batch.messages.length - 1];
      if (last && isRunning() && !isStale()) resolveOffset(last.offset);
      await heartbeat();
      return;
    }
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      if (handler) await this.handleOne(topic, batch.partition, message, handler);
      resolveOffset(message.offset);
      await heartbeat();
    }
  }

  private async handleWholeBatch(
    topic: TopicName,
    partition: number,
    messages: KafkaMessage[],
    handle: (messages: BatchMessage[]) => Promise<void>,
  ): Promise<void> {
    const valid: BatchMessage[] = [];
    for (const message of messages) {
      const parsed = parseMessage<object>(topic, message.value);
      if (!parsed.ok) {
        await this.deadLetter(topic, partition, message, parsed.reason);
        continue;
      }
      valid.push({
        payload: parsed.payload as BatchMessage['payload'],
        envelope: parsed.envelope as BatchMessage['envelope'],
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
      });
    }
    if (valid.length === 0) return;
    try {
      await handle(valid);
    } catch (error) {
      this.logger.warn(
        `handling a batch of ${valid.length} ${topic} failed, will retry: ${String((error as Error).message ?? error)}`,
      );
      throw error;
    }
  }

  private async handleOne(
    topic: TopicName,
    partition: number,
    message: KafkaMessage,
    { handle }: Extract<BoundHandler, { batch: false }>,
  ): Promise<void> {
    const parsed = parseMessage<object>(topic, message.value);
    if (!parsed.ok) {
      await this.deadLetter(topic, partition, message, parsed.reason);
      return;
    }
    const { envelope, payload } = parsed;
    await requestContext.run({ correlationId: envelope.correlationId, causationId: envelope.id }, async () => {
      try {
        const { applied } = await this.inbox.runOnce(this.options.service, envelope.id, topic, (manager) =>
          handle(payload, {
            envelope: envelope as MessageContext['envelope'],
            manager,
            topic,
            partition,
            offset: message.offset,
          }),
        );
        if (!applied) this.logger.debug(`skipped ${topic} ${envelope.id}: already applied`);
      } catch (error) {
        if (error instanceof PermanentMessageError) {
          await this.deadLetter(topic, partition, message, error.message);
          return;
        }
        this.logger.warn(`handling ${topic} ${envelope.id} failed, will retry: ${String((error as Error).message ?? error)}`);
        throw error;
      }
    });
  }

  private async deadLetter(topic: TopicName, partition: number, message: KafkaMessage, reason: string): Promise<void> {
    this.logger.warn(`dead-lettering ${topic}@${partition}:${message.offset}: ${reason}`);
    await this.producer.send([
      {
        topic: this.topics.physical(deadLetterTopic(topic)),
        messages: [
          {
            key: message.key,
            value: message.value,
            headers: {
              ...(message.headers ?? {}),
              [Headers.DeadLetterReason]: reason.slice(0, 2000),
              [Headers.DeadLetterTopic]: topic,
              [Headers.DeadLetterPartition]: String(partition),
              [Headers.DeadLetterOffset]: message.offset,
              [Headers.DeadLetterGroup]: this.topics.group(this.options.service),
              [Headers.DeadLetterAt]: new Date().toISOString(),
            },
          },
        ],
      },
    ]);
  }
}
