import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Headers } from '@goodloop/contracts';
import { DataSource } from 'typeorm';
import { KafkaProducerService } from './kafka-producer.service';
import { MESSAGING_OPTIONS, TopicNamer, type MessagingOptions } from './messaging.options';
import { TOPIC_NAMER } from './messaging.tokens';

interface OutboxEnvelope {
  id: string;
  type: string;
  correlationId: string;
}

/**
 * One message, or — when `key` is empty — a batch of messages of one topic written together
 * (the ledger's posting engine writes one such row per batch of transfers instead of a
 * thousand): `envelope` is then `[{ key, envelope }, …]` in order.
 */
interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  envelope: OutboxEnvelope | { key: string; envelope: OutboxEnvelope }[];
}

/** Messages gathered per relay pass (rows are taken whole, so one batch row may exceed it). */
const MAX_MESSAGES_PER_SEND = 1_000;
/**
 * Bytes of message values per Kafka send. Messages with one key go to one partition in one
 * record batch, which the broker refuses above `message.max.bytes` (1 MB by default): a pass is
 * sent in chunks under half of that, one after the other, so each partition keeps its order.
 */
const MAX_BYTES_PER_SEND = 512 * 1024;

type KafkaMessage = { key: string; value: string; headers: Record<string, string> };

/** Splits a pass into sends of at most MAX_BYTES_PER_SEND of values, in order. */
function* chunks(byTopic: Map<string, { key: string; envelope: OutboxEnvelope }[]>): Generator<Map<string, KafkaMessage[]>> {
  let chunk = new Map<string, KafkaMessage[]>();
  let bytes = 0;
  for (const [topic, list] of byTopic) {
    for (const { key, envelope } of list) {
      const value = JSON.stringify(envelope);
      const size = Buffer.byteLength(value, 'utf8');
      if (bytes > 0 && bytes + size > MAX_BYTES_PER_SEND) {
        yield chunk;
        chunk = new Map();
        bytes = 0;
      }
      const messages = chunk.get(topic) ?? [];
      messages.push({
        key,
        value,
        headers: {
          [Headers.MessageId]: envelope.id,
          [Headers.Type]: envelope.type,
          [Headers.CorrelationId]: envelope.correlationId,
        },
      });
      chunk.set(topic, messages);
      bytes += size;
    }
  }
  if (bytes > 0) yield chunk;
}

function messagesOf(row: OutboxRow): { key: string; envelope: OutboxEnvelope }[] {
  return Array.isArray(row.envelope) ? row.envelope : [{ key: row.key, envelope: row.envelope }];
}

const BATCH = 500;
/**
 * The least time between two partial batches. A commit asks the relay to look at once; under a
 * steady stream of commits that would mean one small Kafka send and one database round trip
 * per commit. Waiting this long gathers them: at 1,000 commits a second, batches of ~20.
 */
const MIN_GAP_MS = 20;
const RELAY_LOCK = 'goodloop:outbox-relay';

/**
 * Publishes outbox rows in id order. One relay per database publishes at a time (a
 * transaction-scoped advisory lock), which keeps each aggregate's messages in order even with
 * several instances of a service. A row is stamped published only after Kafka acknowledged it
 * (acks=all); a crash in between publishes it again, and consumers' inboxes absorb the repeat.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private kickPending = false;
  private lastCleanup = 0;
  private lastError?: string;
  private lastBatchAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: KafkaProducerService,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(TOPIC_NAMER) private readonly topics: TopicNamer,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Stops before the DataSource closes, so the last batch finishes on a live connection. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Asks the relay to look at the outbox soon (after the caller's transaction commits). */
  kickSoon(): void {
    this.kickPending = true;
    setTimeout(() => this.wake?.(), 5).unref();
  }

  get health(): { ok: boolean; error?: string } {
    return this.lastError ? { ok: false, error: this.lastError } : { ok: true };
  }

  /** Publishes everything pending now; returns how many rows it published. For tests and drains. */
  async publishPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.publishBatch();
      total += n;
      if (n < BATCH) return total;
    }
  }

  private async run(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      try {
        const published = await this.publishBatch();
        this.lastError = undefined;
        backoff = 0;
        await this.cleanupNowAndThen();
        if (published === BATCH) continue;
        await this.sleep(this.options.config.OUTBOX_POLL_MS);
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        backoff = Math.min(5_000, backoff === 0 ? 200 : backoff * 2);
        this.logger.warn(`outbox relay: ${this.lastError}; retrying in ${backoff} ms`);
        await this.sleep(backoff);
      }
    }
  }

  private async publishBatch(): Promise<number> {
    if (!this.dataSource.isInitialized) return 0;
    this.lastBatchAt = Date.now();
    return this.dataSource.transaction(async (manager) => {
      const [lock] = (await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [RELAY_LOCK])) as {
        locked: boolean;
      }[];
      if (!lock?.locked) return 0;
      const rows = (await manager.query(
        `SELECT id, topic, key, envelope FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ${BATCH}`,
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      // Rows in id order until the send is full (at least one row, however large).
      const taken: OutboxRow[] = [];
      const byTopic = new Map<string, { key: string; envelope: OutboxEnvelope }[]>();
      let count = 0;
      for (const row of rows) {
        const messages = messagesOf(row);
        if (taken.length > 0 && count + messages.length > MAX_MESSAGES_PER_SEND) break;
        taken.push(row);
        count += messages.length;
        const list = byTopic.get(row.topic) ?? [];
        for (const message of messages) list.push(message);
        byTopic.set(row.topic, list);
      }
      for (const chunk of chunks(byTopic)) {
        await this.producer.send(
          [...chunk.entries()].map(([topic, list]) => ({ topic: this.topics.physical(topic), messages: list })),
        );
      }
      await manager.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [taken.map((r) => r.id)]);
      // A full page, or a page cut short by the send limit: more may be waiting.
      return taken.length < rows.length ? BATCH : rows.length;
    });
  }

  /** Published rows are kept a week for inspection, then removed. */
  private async cleanupNowAndThen(): Promise<void> {
    if (Date.now() - this.lastCleanup < 10 * 60_000) return;
    this.lastCleanup = Date.now();
    await this.dataSource.query(`DELETE FROM outbox WHERE published_at < now() - interval '7 days'`);
  }

  private sleep(ms: number): Promise<void> {
    if (this.kickPending) {
      this.kickPending = false;
      const gap = MIN_GAP_MS - (Date.now() - this.lastBatchAt);
      return gap > 0 ? new Promise((resolve) => setTimeout(resolve, gap)) : Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.kickPending = false;
        const gap = MIN_GAP_MS - (Date.now() - this.lastBatchAt);
        if (gap > 0 && this.running) setTimeout(done, gap);
        else done();
      };
    });
  }
}
