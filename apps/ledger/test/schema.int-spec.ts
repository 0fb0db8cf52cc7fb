/**
 * The ledger's schema on a real PostgreSQL: migrations apply and match the entities (no
 * drift), the database itself keeps postings append-only and wallets non-negative, and the
 * migration's `down` leaves nothing behind.
 */
import { migrateDatabase } from '@goodloop/common';
import { pendingSchemaChanges } from '@goodloop/common/testing';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { LEDGER_MIGRATIONS, ledgerMigrationDataSourceOptions } from '../src/database/data-source';
import { ledgerTestConfig } from './support/ledger-test-kit';

describe('ledger schema', () => {
  // As the owner, the role migrations run as: these statements play a DBA bypassing the service.
  const options = ledgerMigrationDataSourceOptions(ledgerTestConfig('schema'));
  let ds: DataSource;
  let transferId: string;

  beforeAll(async () => {
    await migrateDatabase(options);
    // Quiet: several statements below are meant to fail.
    ds = new DataSource({ ...options, logging: false } as DataSourceOptions);
    await ds.initialize();
    // One posted transfer written straight in SQL, the way the service writes it.
    const [issuance] = (await ds.query(
      `INSERT INTO accounts (id, key, asset, kind, allow_negative, debits_posted)
       VALUES (gen_random_uuid(), 'issuance:p', 'POINTS', 'issuance', true, 10) RETURNING id`,
    )) as { id: string }[];
    const [wallet] = (await ds.query(
      `INSERT INTO accounts (id, key, asset, kind, allow_negative, credits_posted)
       VALUES (gen_random_uuid(), 'user:u', 'POINTS', 'user_wallet', false, 10) RETURNING id`,
    )) as { id: string }[];
    transferId = 'earn:attendance:schema-test';
    await ds.query(
      `INSERT INTO transfers (id, debit_account_id, credit_account_id, asset, amount, code, status, "references", content_hash)
       VALUES ($1, $2, $3, 'POINTS', 10, 'earn', 'posted', '{}', 'x')`,
      [transferId, issuance!.id, wallet!.id],
    );
    await ds.query(
      `INSERT INTO entries (transfer_id, account_id, asset, amount, balance_after) VALUES ($1, $2, 'POINTS', -10, -10), ($1, $3, 'POINTS', 10, 10)`,
      [transferId, issuance!.id, wallet!.id],
    );
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  it('matches the entities exactly (no drift between migrations and code)', async () => {
    expect(await pendingSchemaChanges(ds)).toEqual([]);
  });

  it('refuses UPDATE and DELETE of entries', async () => {
    await expect(ds.query(`UPDATE entries SET amount = amount * 2`)).rejects.toThrow(/UPDATE on entries is not allowed/);
    await expect(ds.query(`UPDATE entries SET balance_after = 0 WHERE transfer_id = $1`, [transferId])).rejects.toThrow(
      /append-only/,
    );
    await expect(ds.query(`DELETE FROM entries`)).rejects.toThrow(/DELETE on entries is not allowed/);
    await expect(ds.query(`TRUNCATE entries`)).rejects.toThrow(/TRUNCATE on entries is not allowed/);
    const [row] = (await ds.query(`SELECT COUNT(*)::int AS n, SUM(amount)::int AS sum FROM entries`)) as {
      n: number;
      sum: number;
    }[];
    expect(row).toEqual({ n: 2, sum: 0 });
  });

  it("refuses changes to what a transfer moved, and deleting it, but leaves room for a pending transfer's status", async () => {
    await expect(ds.query(`UPDATE transfers SET amount = 1000`)).rejects.toThrow(/immutable/);
    await expect(
      ds.query(`UPDATE transfers SET debit_account_id = credit_account_id, credit_account_id = debit_account_id`),
    ).rejects.toThrow(/immutable/);
    await expect(ds.query(`UPDATE transfers SET status = 'voided'`)).rejects.toThrow(/is posted and can no longer change status/);
    await expect(ds.query(`DELETE FROM transfers`)).rejects.toThrow(/DELETE on transfers is not allowed/);
    const [{ amount }] = (await ds.query(`SELECT amount::int AS amount FROM transfers WHERE id = $1`, [transferId])) as [
      { amount: number },
    ];
    expect(amount).toBe(10);
  });

  it('refuses a wallet below zero even when the code is bypassed', async () => {
    await expect(ds.query(`UPDATE accounts SET debits_posted = 11 WHERE key = 'user:u'`)).rejects.toThrow(
      /accounts_non_negative_check/,
    );
    await expect(ds.query(`UPDATE accounts SET debits_pending = 11 WHERE key = 'user:u'`)).rejects.toThrow(
      /accounts_non_negative_check/,
    );
    // Issuance accounts may run negative by design.
    await expect(ds.query(`UPDATE accounts SET debits_posted = 1000 WHERE key = 'issuance:p'`)).resolves.toBeDefined();
    await expect(ds.query(`UPDATE accounts SET key = 'user:other' WHERE key = 'user:u'`)).rejects.toThrow(
      /cannot change its identity/,
    );
    await expect(ds.query(`DELETE FROM accounts WHERE key = 'user:u'`)).rejects.toThrow(/DELETE on accounts is not allowed/);
  });

  it('rolls back cleanly, every migration in turn', async () => {
    for (let undone = 0; undone < LEDGER_MIGRATIONS.length; undone += 1) await ds.undoLastMigration({ transaction: 'each' });
    const tables = (await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
    )) as { table_name: string }[];
    expect(tables).toEqual([]);
    const functions = (await ds.query(`SELECT proname FROM pg_proc WHERE proname LIKE 'ledger_%'`)) as unknown[];
    expect(functions).toEqual([]);
  });
});
