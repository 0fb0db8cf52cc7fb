import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';

const CHANNEL = 'donations_ledger_answer';
const POLL_MS = 250;

/**
 * Lets a request wait for the ledger's answer to a command it sent through the outbox (a points
 * hold, its post or void, a fund transfer) without asking over Kafka: the consumer that applies
 * the answer calls {@link notify} in its transaction, PostgreSQL delivers the notification at
 * commit to every instance listening, and the waiting request reads its row again. A missed
 * notification (a reconnect) costs at most one poll interval; the wait is bounded, and the row
 * is the truth either way.
 */
@Injectable()
export class SagaSignal implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SagaSignal.name);
  private readonly waiters = new Map<string, Set<() => void>>();
  private client?: Client;
  private closing = false;

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.client?.end().catch(() => undefined);
  }

  /** Within the consumer's transaction: wake whoever waits for `id` once this commits. */
  async notify(manager: EntityManager, id: string): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [CHANNEL, id]);
  }

  /**
   * Reads `read()` until `done` holds or `timeoutMs` passes, re-reading on each notification
   * for `id` and every {@link POLL_MS}. Answers the last value read.
   */
  async waitFor<T>(id: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let value = await read();
    while (!done(value) && Date.now() < deadline) {
      await this.nextSignal(id, Math.min(POLL_MS, deadline - Date.now()));
      value = await read();
    }
    return value;
  }

  private nextSignal(id: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(id) ?? new Set<() => void>();
      this.waiters.set(id, set);
      const wake = () => {
        clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0) this.waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(1, ms));
      set.add(wake);
    });
  }

  private async listen(): Promise<void> {
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: 'goodloop-donations-signal' });
    client.on('notification', (message) => {
      if (!message.payload) return;
      for (const wake of [...(this.waiters.get(message.payload) ?? [])]) wake();
    });
    client.on('error', (error) => {
      this.logger.warn(`notification connection: ${error.message}; reconnecting`);
      if (!this.closing) setTimeout(() => void this.listen().catch(() => undefined), 1_000);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }
}
