import type { DataSourceOptions } from 'typeorm';
import { InboxMessage } from '../messaging/inbox.entity';
import { OutboxCommitSubscriber } from '../messaging/outbox.client';
import { OutboxMessage } from '../messaging/outbox.entity';

// TypeORM's migration and entity lists take class references of any shape.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ClassList = Function[];

export interface ServiceDataSourceInput {
  url: string;
  entities: ClassList;
  migrations: ClassList;
  /** Connection pool size; a service's Node process is small, so is its pool. */
  poolSize?: number;
  applicationName?: string;
  /**
   * The longest a statement may run (ms, lock waits included) before PostgreSQL cancels it, so a
   * runaway query or a stuck lock fails one request instead of holding a connection forever.
   * Migrations run without it.
   */
  statementTimeoutMs?: number;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

/**
 * One place for the TypeORM settings every service shares: migrations only (never
 * `synchronize`), the outbox and inbox entities added to the service's own, a bounded pool,
 * a bound on every statement.
 */
export function serviceDataSourceOptions(input: ServiceDataSourceInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    entities: [...input.entities, OutboxMessage, InboxMessage],
    // Commits wait for the outbox rows emitted in them (see OutboxClient).
    subscribers: [OutboxCommitSubscriber],
    migrations: input.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    extra: {
      max: input.poolSize ?? 10,
      application_name: input.applicationName ?? 'goodloop',
      connectionTimeoutMillis: 5_000,
      statement_timeout: input.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      // A transaction left open by a crashed request holds its locks until this ends it.
      idle_in_transaction_session_timeout: 60_000,
    },
  };
}
