/**
 * What the ledger's integration tests share beyond the platform's test kit
 * (`@goodloop/common/testing`): the ledger's config and app on this run's own database and topic
 * prefix, and reads of its tables.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import { ensureTestKafkaAcls, serviceKafkaLogin, spawnService, testDatabaseUrl, testTopicPrefix } from '@goodloop/common/testing';

export { freePort } from '@goodloop/common/testing';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createLedgerApp } from '../../src/app';
import { DEFAULT_LEDGER_RUNTIME_ROLE, loadLedgerConfig, type LedgerConfig } from '../../src/config/env';
import { ledgerMigrationDataSourceOptions } from '../../src/database/data-source';

export {
  asUser,
  KafkaTestClient,
  payloadsOn,
  testAdmin as admin,
  testResident as resident,
  waitFor,
  type TappedMessage,
} from '@goodloop/common/testing';

/**
 * The ledger of one suite, as it runs in production: migrations as the owner (this machine's
 * PGUSER), the service as the runtime role, which may not rewrite a record. Every ledger test
 * thus proves that nothing the service does needs more.
 */
export function ledgerTestConfig(suite: string): LedgerConfig {
  const owner = testDatabaseUrl('ledger', suite);
  return loadLedgerConfig({
    ...process.env,
    NODE_ENV: 'test',
    // Against the local broker: User:ledger, with the ledger's ACLs (startLedger grants them).
    ...serviceKafkaLogin('ledger'),
    LEDGER_MIGRATION_DATABASE_URL: owner,
    DATABASE_URL: runtimeUrl(owner),
    KAFKA_TOPIC_PREFIX: testTopicPrefix(`ledger-${suite}`),
    LOG_LEVEL: 'warn',
  });
}

/** The same database as the runtime role (no password: local trust authentication). */
export function runtimeUrl(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = DEFAULT_LEDGER_RUNTIME_ROLE;
  url.password = '';
  return url.toString();
}

/**
 * A connection as the tables' owner, i.e. a DBA: what tests use to tamper with records the
 * service itself cannot touch. Close it with `destroy()`.
 */
export async function ownerDataSource(config: LedgerConfig): Promise<DataSource> {
  return new DataSource({
    ...ledgerMigrationDataSourceOptions(config),
    logging: false,
    poolSize: 2,
  } as DataSourceOptions).initialize();
}

/** A ledger listening on a free port (so supertest can run requests side by side). */
export async function startLedger(config: LedgerConfig): Promise<INestApplication> {
  if (config.KAFKA_USERNAME === 'ledger') await ensureTestKafkaAcls(config.KAFKA_TOPIC_PREFIX, 'ledger');
  const app = await createLedgerApp(config);
  await app.listen(0, '127.0.0.1');
  return app;
}

export function dataSourceOf(app: INestApplication): DataSource {
  return app.get(DataSource);
}

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

/**
 * The ledger as a process of its own (`npm start`'s way, from source), on the suite's database,
 * topics and login, so a test can SIGKILL it; its last 200 output chunks go into `logs`.
 */
export function spawnLedger(config: LedgerConfig, port: number, logs: string[]): ChildProcess {
  return spawnService(
    'apps/ledger/src/main.ts',
    {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: config.DATABASE_URL,
      LEDGER_MIGRATION_DATABASE_URL: config.LEDGER_MIGRATION_DATABASE_URL,
      KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'warn',
    },
    logs,
  );
}
