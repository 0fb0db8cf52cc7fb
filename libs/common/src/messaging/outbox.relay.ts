import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Headers } from '@goodloop/contracts';
import { Counter, Gauge, register } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
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
  attempts: number;
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
 *
 * A row the broker refuses (an answer such as MESSAGE_TOO_LARGE or an authorisation failure,
 * not an unreachable broker) is found by sending the pass row by row; each refusal counts in
 * `attempts`, with the wait doubling between passes, and after OUTBOX_MAX_ATTEMPTS the row is
 * parked: kept with `parked_at` and `last_error`, skipped from then on, logged as an error,
 * counted in `goodloop_outbox_parked_rows`, and the health check stays degraded while any is
 * parked. The rows behind it go on. `unpark()` (once the cause is fixed) sends them again.
 * A row holds what one transaction emitted for one topic; it is parked or published whole.
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
  /** A refusal that stopped the last pass at a row not yet parked: the loop waits, then tries it again. */
  private refusedBy?: string;
  private parked = 0;
  private lastParkedCount = 0;
  private readonly parkedGauge = metric(
    'goodloop_outbox_parked_rows',
    () =>
      new Gauge({
        name: 'goodloop_outbox_parked_rows',
        help: 'Outbox rows parked after the broker kept refusing them',
        labelNames: ['service'],
      }),
  );
  private readonly parkedCounter = metric(
    'goodloop_outbox_parked_total',
    () => new Counter({ name: 'goodloop_outbox_parked_total', help: 'Outbox rows parked', labelNames: ['service'] }),
  );

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

  get health(): { ok: boolean; error?: string; parked?: number } {
    const parked = this.parked > 0 ? { parked: this.parked } : {};
    if (this.lastError) return { ok: false, error: this.lastError, ...parked };
    return this.parked > 0 ? { ok: false, error: `${this.parked} outbox row(s) parked`, ...parked } : { ok: true };
  }

  /**
   * Puts parked rows back in line (all of them, or those ids), with their count of refusals
   * cleared; returns how many. For after the cause is fixed (a topic's size limit, an ACL).
   */
  async unpark(ids?: string[]): Promise<number> {
    const rows = (await this.dataSource.query(
      `UPDATE outbox SET parked_at = NULL, attempts = 0
        WHERE parked_at IS NOT NULL AND published_at IS NULL AND ($1::bigint[] IS NULL OR id = ANY($1::bigint[]))
        RETURNING id`,
      [ids ?? null],
    )) as [unknown[], number] | unknown[];
    await this.countParked();
    this.kickSoon();
    return Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
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

  private get maxAttempts(): number {
    return this.options.config.OUTBOX_MAX_ATTEMPTS ?? 5;
  }

  private async countParked(): Promise<void> {
    const [row] = (await this.dataSource.query(
      'SELECT count(*)::int AS n FROM outbox WHERE parked_at IS NOT NULL AND published_at IS NULL',
    )) as { n: number }[];
    this.parked = row?.n ?? 0;
    this.lastParkedCount = Date.now();
    this.parkedGauge.set({ service: this.options.service }, this.parked);
  }

  private async run(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      try {
        if (Date.now() - this.lastParkedCount > 30_000) await this.countParked();
        this.refusedBy = undefined;
        const published = await this.publishBatch();
        if (this.refusedBy) throw new Error(this.refusedBy);
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
        `SELECT id, topic, key, envelope, attempts FROM outbox
          WHERE published_at IS NULL AND parked_at IS NULL ORDER BY id LIMIT ${BATCH}`,
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
      try {
        await this.send(byTopic);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        this.logger.warn(
          `the broker refused a pass of ${taken.length} outbox rows (${describe(error)}); sending them one by one`,
        );
        return this.publishRowByRow(manager, taken);
      }
      await manager.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [taken.map((r) => r.id)]);
      // A full page, or a page cut short by the send limit: more may be waiting.
      return taken.length < rows.length ? BATCH : rows.length;
    });
  }

  private async send(byTopic: Map<string, { key: string; envelope: OutboxEnvelope }[]>): Promise<void> {
    for (const chunk of chunks(byTopic)) {
      await this.producer.send(
        [...chunk.entries()].map(([topic, list]) => ({ topic: this.topics.physical(topic), messages: list })),
      );
    }
  }

  /**
   * After the broker refused a pass: each row on its own, in order, to find the one it refuses.
   * A refused row counts a try; parked at OUTBOX_MAX_ATTEMPTS, and the rows behind it go on;
   * below that, the pass stops there (the rows behind wait, in order) and the loop backs off.
   * Rows of the pass sent before the refusal may reach Kafka twice; inboxes absorb the repeat.
   */
  private async publishRowByRow(manager: EntityManager, rows: OutboxRow[]): Promise<number> {
    const published: string[] = [];
    let handled = 0;
    for (const row of rows) {
      try {
        await this.send(new Map([[row.topic, messagesOf(row)]]));
        published.push(row.id);
        handled++;
        continue;
      } catch (error) {
        if (!isRefusal(error)) {
          if (published.length === 0) throw error;
          break;
        }
        const reason = describe(error).slice(0, 2000);
        const attempts = row.attempts + 1;
        const park = attempts >= this.maxAttempts;
        await manager.query(
          `UPDATE outbox SET attempts = $2, last_error = $3, parked_at = CASE WHEN $4 THEN now() END WHERE id = $1`,
          [row.id, attempts, reason, park],
        );
        if (!park) {
          this.refusedBy = `the broker refused outbox row ${row.id} (${row.topic}, try ${attempts} of ${this.maxAttempts}): ${reason}`;
          this.logger.warn(this.refusedBy);
          break;
        }
        this.logger.error(
          `parked outbox row ${row.id} (${row.topic}, key ${row.key}) after ${attempts} refusals: ${reason}; the rows behind it go on`,
        );
        this.parked++;
        this.parkedGauge.set({ service: this.options.service }, this.parked);
        this.parkedCounter.inc({ service: this.options.service });
        handled++;
      }
    }
    if (published.length > 0) {
      await manager.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [published]);
    }
    // Everything handled: more may be waiting behind.
    return handled === rows.length && !this.refusedBy ? BATCH : handled;
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

function metric<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

function describe(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const own = error instanceof Error ? error.message : String(error);
  return cause instanceof Error && cause.message !== own ? `${own} (${cause.message})` : own;
}

/**
 * The broker answered and said no, and will say no again (kafkajs marks such errors as not
 * retriable: MESSAGE_TOO_LARGE, INVALID_RECORD, TOPIC_AUTHORIZATION_FAILED …). An unreachable
 * broker or a leader election ends in retries exhausted instead: that blocks the relay, as it
 * should, and parks nothing.
 */
function isRefusal(error: unknown): boolean {
  const { name, retriable } = error as { name?: unknown; retriable?: unknown };
  return name === 'KafkaJSNonRetriableError' || (name === 'KafkaJSProtocolError' && retriable === false);
}
