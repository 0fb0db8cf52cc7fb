import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { ALL_TOPICS, deadLetterTopic, Headers, type TopicName } from '@goodloop/contracts';
import type { Consumer, ConsumerEvents, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { requestContext } from '../context/request-context';
import { InboxService } from './inbox.service';
import { KafkaProducerService } from './kafka-producer.service';
import {
  MessageBatchContext,
  MessageContext,
  PermanentMessageError,
  type BatchMessage,
  type MessageHandlerExtras,
  type MessageMeta,
} from './message.context';
import { parseMessage } from './message-parser';
import { MESSAGING_OPTIONS, TopicNamer, type MessagingOptions } from './messaging.options';
import { KAFKA_CLIENT, TOPIC_NAMER } from './messaging.tokens';

type TransportState = 'idle' | 'starting' | 'running' | 'crashed' | 'stopped';

/**
 * The service's consumer group as a Nest transport: `app.connectMicroservice({ strategy })`
 * hands it every `@EventPattern(Topics.X)` method of the app's controllers, with Nest's
 * execution context, interceptors and exception filters around each call.
 *
 * Why not Nest's own Kafka transport: it handles one message at a time (no batches for the
 * ledger's posting engine), has no inbox, no dead-letter topic, and commits an offset whether
 * or not the handler's transaction did. Here each fetch is handled in partition order (so each
 * key's messages stay in order): parse and validate (failure → `<topic>.dlq` with the reason,
 * and on to the next message), then the handler inside an inbox transaction — or, for
 * `@EventPattern(topic, BATCH)` handlers, all valid messages of the fetch at once (a failing
 * batch is halved until the message at fault is alone). A message whose handler fails is tried
 * again MESSAGE_MAX_ATTEMPTS times in all, waiting MESSAGE_RETRY_BACKOFF_MS doubled each time,
 * then dead-lettered with the reason and the count, and the partition goes on: one message that
 * can never apply does not stall every message behind it. A failure that is not the message's
 * fault (the database or broker out of reach, a 503 "busy") counts no try: it throws out of the
 * batch so kafkajs retries from the first unresolved message. Offsets are resolved as messages
 * finish and committed by kafkajs.
 *
 * A provider as well as the strategy, so that health checks can read its state and it leaves
 * the group before the DataSource closes.
 */
@Injectable()
export class KafkaTransport extends Server implements CustomTransportStrategy, BeforeApplicationShutdown {
  protected override readonly logger = new Logger(KafkaTransport.name);
  private consumer?: Consumer;
  private state: TransportState = 'idle';
  private lastCrash?: string;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(TOPIC_NAMER) private readonly topics: TopicNamer,
    private readonly producer: KafkaProducerService,
    private readonly inbox: InboxService,
  ) {
    super();
  }

  get health(): { ok: boolean; state: string; error?: string } {
    const ok = this.messageHandlers.size === 0 || this.state === 'running';
    return { ok, state: this.state, ...(this.lastCrash ? { error: this.lastCrash } : {}) };
  }

  /** Called by `startAllMicroservices`, once Nest has registered the handlers. */
  listen(callback: (error?: unknown) => void): void {
    this.start().then(() => callback(), callback);
  }

  /** Leaves the group; the batch in hand finishes first. Safe to call twice. */
  async close(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    await this.consumer?.disconnect().catch((e: unknown) => this.logger.warn(`consumer disconnect: ${String(e)}`));
  }

  /** Before the DataSource closes (Nest closes microservices later, after the shutdown hooks). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** Listens to a kafkajs consumer event (`consumer.events`, e.g. `'consumer.group_join'`). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Server's own signature
  on(event: string, callback: Function): void {
    if (!this.consumer) throw new Error('the Kafka transport has no consumer before it listens');
    this.consumer.on(event as ConsumerEvents['GROUP_JOIN'], callback as (event: unknown) => void);
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('the Kafka transport has no consumer before it listens');
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    const handled = this.checkedHandlers();
    await this.ensureTopics();
    if (handled.length === 0 || this.state === 'stopped') return;
    this.state = 'starting';
    const sessionTimeout = this.options.config.KAFKA_SESSION_TIMEOUT_MS ?? 15_000;
    const consumer = this.kafka.consumer({
      groupId: this.topics.group(this.options.service),
      sessionTimeout,
      heartbeatInterval: Math.min(1_500, Math.floor(sessionTimeout / 4)),
      rebalanceTimeout: 30_000,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 5_000 },
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (this.state === 'stopped') return;
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
    await consumer.subscribe({ topics: handled.map((t) => this.topics.physical(t)), fromBeginning: true });
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

  /**
   * The topics with a handler. One handler per topic: the inbox records a message once per
   * service, so a second handler would find it applied. Request/reply (`@MessagePattern`) is
   * refused: replies over Kafka break during rebalances, and the platform does not use them.
   */
  private checkedHandlers(): TopicName[] {
    const known = new Set<string>(ALL_TOPICS);
    for (const [pattern, handler] of this.messageHandlers) {
      if (!known.has(pattern)) throw new Error(`${this.options.service}: no topic ${pattern} in libs/contracts/src/topics.ts`);
      if (!handler.isEventHandler) throw new Error(`${this.options.service}: ${pattern} is a @MessagePattern; use @EventPattern`);
      if (handler.next) throw new Error(`${this.options.service}: two handlers for ${pattern}`);
    }
    return [...this.messageHandlers.keys()] as TopicName[];
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
    const handler = this.getHandlerByPattern(topic);
    const fetch: FetchControl = {
      topic,
      partition: batch.partition,
      alive: () => isRunning() && !isStale(),
      resolve: (offset) => {
        if (isRunning() && !isStale()) resolveOffset(offset);
      },
      heartbeat,
    };
    if (handler && (handler.extras as MessageHandlerExtras | undefined)?.batch) {
      await this.handleWholeBatch(fetch, batch.messages, handler);
      const last = batch.messages[batch.messages.length - 1];
      if (last) fetch.resolve(last.offset);
      await heartbeat();
      return;
    }
    for (const message of batch.messages) {
      if (!fetch.alive()) break;
      if (handler) await this.handleOne(fetch, message, handler);
      resolveOffset(message.offset);
      await heartbeat();
    }
  }

  private get maxAttempts(): number {
    return this.options.config.MESSAGE_MAX_ATTEMPTS ?? 5;
  }

  /** The wait after failed try number `attempt` (1-based): the base, doubled each time, at most 30 s. */
  private backoff(attempt: number): number {
    const base = this.options.config.MESSAGE_RETRY_BACKOFF_MS ?? 200;
    return Math.min(30_000, base * 2 ** (attempt - 1));
  }

  /**
   * Waits before the next try, telling the group coordinator all along that this consumer is
   * alive. Throws when the partition was taken away meanwhile (a rebalance, a shutdown): the
   * message is then not resolved, and its new owner starts from it.
   */
  private async pause(fetch: FetchControl, ms: number, error: unknown): Promise<void> {
    const until = Date.now() + ms;
    for (;;) {
      await fetch.heartbeat();
      if (!fetch.alive()) throw error;
      const left = until - Date.now();
      if (left <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, 1_000)));
    }
  }

  /**
   * The valid messages of a fetch go to the batch handler at once. When that fails, the batch
   * is split in two halves handled one after the other (so the partition's order holds), down to
   * single messages; a single message that keeps failing gets the same bounded retries as any
   * other and is then dead-lettered, alone — the messages around it are applied. Each part that
   * succeeds resolves its last offset, so a crash does not hand it over again.
   */
  private async handleWholeBatch(fetch: FetchControl, messages: KafkaMessage[], handler: MessageHandler): Promise<void> {
    const valid: { raw: KafkaMessage; message: BatchMessage }[] = [];
    for (const message of messages) {
      const parsed = parseMessage<object>(fetch.topic, message.value);
      if (!parsed.ok) {
        await this.deadLetter(fetch, message, parsed.reason);
        continue;
      }
      valid.push({
        raw: message,
        message: {
          payload: parsed.payload as BatchMessage['payload'],
          envelope: parsed.envelope as BatchMessage['envelope'],
          partition: fetch.partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
        },
      });
    }
    if (valid.length > 0) await this.handleBatchPart(fetch, valid, handler);
  }

  private async handleBatchPart(
    fetch: FetchControl,
    part: { raw: KafkaMessage; message: BatchMessage }[],
    handler: MessageHandler,
  ): Promise<void> {
    const context = new MessageBatchContext([{ topic: fetch.topic, partition: fetch.partition, heartbeat: fetch.heartbeat }]);
    const run = async () =>
      settle(
        await handler(
          part.map((p) => p.message),
          context,
        ),
      );
    try {
      await run();
    } catch (error) {
      if (isUnavailable(error) || !fetch.alive()) {
        this.logger.warn(`handling a batch of ${part.length} ${fetch.topic} failed, will retry: ${describe(error)}`);
        throw error;
      }
      if (part.length > 1) {
        this.logger.warn(
          `a batch of ${part.length} ${fetch.topic} failed (${describe(error)}); handling it in two halves to isolate the message`,
        );
        const half = Math.ceil(part.length / 2);
        await this.handleBatchPart(fetch, part.slice(0, half), handler);
        await this.handleBatchPart(fetch, part.slice(half), handler);
        return;
      }
      const [only] = part as [{ raw: KafkaMessage; message: BatchMessage }];
      await this.retryOrDeadLetter(fetch, only.raw, only.message.envelope.id, error, run);
    }
    const last = part[part.length - 1];
    if (last) fetch.resolve(last.raw.offset);
  }

  /**
   * Tries a message that failed once again, up to MESSAGE_MAX_ATTEMPTS tries in all with a
   * doubling wait, then dead-letters it with the last reason and the count. A permanent refusal
   * is dead-lettered at once; an unreachable database or broker is not the message's fault and
   * counts no try: it goes back to kafkajs, which starts from this message again later.
   */
  private async retryOrDeadLetter(
    fetch: FetchControl,
    message: KafkaMessage,
    id: string,
    firstError: unknown,
    run: () => Promise<void>,
  ): Promise<void> {
    let error = firstError;
    for (let attempt = 1; ; attempt++) {
      if (error instanceof PermanentMessageError) {
        await this.deadLetter(fetch, message, error.message, attempt);
        return;
      }
      if (isUnavailable(error)) {
        this.logger.warn(`handling ${fetch.topic} ${id} failed, will retry: ${describe(error)}`);
        throw error;
      }
      if (attempt >= this.maxAttempts) {
        this.logger.error(`${fetch.topic} ${id} failed ${attempt} times; dead-lettering it: ${describe(error)}`);
        await this.deadLetter(fetch, message, `failed ${attempt} times: ${describe(error)}`, attempt);
        return;
      }
      const wait = this.backoff(attempt);
      this.logger.warn(
        `handling ${fetch.topic} ${id} failed (try ${attempt} of ${this.maxAttempts}), again in ${wait} ms: ${describe(error)}`,
      );
      await this.pause(fetch, wait, error);
      try {
        await run();
        return;
      } catch (next) {
        error = next;
      }
    }
  }

  private async handleOne(fetch: FetchControl, message: KafkaMessage, handler: MessageHandler): Promise<void> {
    const { topic, partition } = fetch;
    const parsed = parseMessage<object>(topic, message.value);
    if (!parsed.ok) {
      await this.deadLetter(fetch, message, parsed.reason);
      return;
    }
    const { envelope, payload } = parsed;
    await requestContext.run({ correlationId: envelope.correlationId, causationId: envelope.id }, async () => {
      const run = async () => {
        const { applied } = await this.inbox.runOnce(this.options.service, envelope.id, topic, async (manager) => {
          const context = new MessageContext([
            {
              envelope: envelope as MessageMeta['envelope'],
              manager,
              topic,
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
            },
          ]);
          await settle(await handler(payload, context));
        });
        if (!applied) this.logger.debug(`skipped ${topic} ${envelope.id}: already applied`);
      };
      try {
        await run();
      } catch (error) {
        await this.retryOrDeadLetter(fetch, message, envelope.id, error, run);
      }
    });
  }

  private async deadLetter(fetch: FetchControl, message: KafkaMessage, reason: string, attempts = 1): Promise<void> {
    const { topic, partition } = fetch;
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
              [Headers.DeadLetterAttempts]: String(attempts),
            },
          },
        ],
      },
    ]);
  }
}

/**
 * Nest's handler wrapper answers with an Observable when an interceptor or an exception filter
 * is involved (a filter's answer is an erroring Observable): waiting for it is what makes a
 * handler's failure roll back the inbox transaction and fail the batch.
 */
async function settle(result: unknown): Promise<void> {
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}

/** What the transport needs of the fetch in hand. */
interface FetchControl {
  topic: TopicName;
  partition: number;
  /** False once the consumer stops or the partition went to another member. */
  alive: () => boolean;
  /** Marks a message done (committed by kafkajs), while the fetch is still ours. */
  resolve: (offset: string) => void;
  heartbeat: () => Promise<void>;
}

/** PostgreSQL SQLSTATE classes and codes of a database that cannot be reached now. */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-3])/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * An error that says nothing about the message: the database or the broker is out of reach
 * (or shutting down), or the service says it is busy (a 503). Retrying the message later is right, and dead-lettering it would be wrong,
 * so such a failure counts no try.
 */
export function isUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, name, message, status } = e as { code?: unknown; name?: unknown; message?: unknown; status?: unknown };
    // A service's own "busy, try later" (the ledger's LEDGER_BUSY) is a 503 domain error.
    if (status === 503) return true;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
    if (typeof name === 'string' && /^KafkaJS(Connection|NumberOfRetriesExceeded|RequestTimeout)/.test(name)) return true;
    if (
      typeof message === 'string' &&
      /Connection terminated|connection timeout|timeout exceeded when trying to connect|Driver not Connected|DataSource is not initialized|Cannot use a pool after calling end/i.test(
        message,
      )
    ) {
      return true;
    }
    e = (e as { cause?: unknown; driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
