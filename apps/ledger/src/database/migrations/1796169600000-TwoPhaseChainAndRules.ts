import type { MigrationInterface, QueryRunner } from 'typeorm';
import { engineSql } from '../sql/engine-sql';

/**
 * Everything of a transfer but a pending transfer's status is immutable, whatever columns the
 * table has: compared as JSON without `status`. `down` keeps this form too — for the columns
 * the first migration had it is the same rule as that migration's column-by-column check.
 */
const GUARD_TRANSFER_UPDATE = `
      CREATE OR REPLACE FUNCTION "ledger_guard_transfer_update"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (to_jsonb(NEW) - 'status') IS DISTINCT FROM (to_jsonb(OLD) - 'status') THEN
          RAISE EXCEPTION 'ledger: transfer % is immutable: correct it with a new transfer', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.status IS DISTINCT FROM OLD.status AND OLD.status <> 'pending' THEN
          RAISE EXCEPTION 'ledger: transfer % is % and can no longer change status', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END
      $$`;

/**
 * Two-phase and linked transfers, reversals, expiring credits, the hash chain over postings,
 * versioned earn rules with the earn log their caps read, and reconciliation runs.
 *
 * Transfers gain an `op`: `transfer` (posted at once), `pending` (a hold: it moves the pending
 * totals, not the balances), `post` and `void` (which settle a pending transfer, named by
 * `pending_id`), and `reverse` (which undoes a posted transfer, named by `reverses_id`).
 * Only a pending transfer's status ever changes (pending → posted or voided), once.
 *
 * The posting itself is one PL/pgSQL function, `ledger_apply`, so that a transfer (or a batch
 * of them) costs one round trip: see ../sql/ledger-apply.v1.sql for why and how.
 */
export class TwoPhaseChainAndRules1796169600000 implements MigrationInterface {
  name = 'TwoPhaseChainAndRules1796169600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "transfers"
        ADD COLUMN "op" text NOT NULL DEFAULT 'transfer',
        ADD COLUMN "pending_id" text,
        ADD COLUMN "reverses_id" text,
        ADD COLUMN "timeout_at" timestamptz,
        ADD COLUMN "expires_at" timestamptz,
        ADD COLUMN "caused_by" text NOT NULL DEFAULT 'ledger',
        ADD COLUMN "linked_group" text,
        ADD CONSTRAINT "transfers_op_check" CHECK (op IN ('transfer', 'pending', 'post', 'void', 'reverse')),
        ADD CONSTRAINT "transfers_op_shape_check" CHECK (
          (op = 'transfer' AND status = 'posted' AND pending_id IS NULL AND reverses_id IS NULL)
          OR (op = 'pending' AND timeout_at IS NOT NULL AND pending_id IS NULL AND reverses_id IS NULL)
          OR (op = 'post' AND status = 'posted' AND pending_id IS NOT NULL AND reverses_id IS NULL)
          OR (op = 'void' AND status = 'voided' AND pending_id IS NOT NULL AND reverses_id IS NULL)
          OR (op = 'reverse' AND status = 'posted' AND reverses_id IS NOT NULL AND pending_id IS NULL)),
        ADD CONSTRAINT "transfers_pending_id_fkey" FOREIGN KEY ("pending_id") REFERENCES "transfers" ("id") ON DELETE RESTRICT,
        ADD CONSTRAINT "transfers_reverses_id_fkey" FOREIGN KEY ("reverses_id") REFERENCES "transfers" ("id") ON DELETE RESTRICT`);
    await queryRunner.query(`CREATE INDEX "transfers_pending_id_idx" ON "transfers" ("pending_id") WHERE pending_id IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "transfers_reverses_id_idx" ON "transfers" ("reverses_id") WHERE reverses_id IS NOT NULL`,
    );
    // The timeout sweep reads holds still open, soonest first.
    await queryRunner.query(`CREATE INDEX "transfers_open_pending_idx" ON "transfers" ("timeout_at") WHERE status = 'pending'`);
    // Expiry reads a wallet's expiring credits.
    await queryRunner.query(
      `CREATE INDEX "transfers_expiring_credit_idx" ON "transfers" ("credit_account_id", "expires_at") WHERE expires_at IS NOT NULL`,
    );
    // Balance at a past time reads an account's entries up to a moment.
    await queryRunner.query(`CREATE INDEX "entries_account_id_created_at_idx" ON "entries" ("account_id", "created_at")`);

    // Everything but a pending transfer's status is immutable, new columns included.
    await queryRunner.query(GUARD_TRANSFER_UPDATE);

    // The hash chain: link n covers transfer n and link n − 1's hash, so rewriting, removing or
    // reordering any posting changes every hash after it. chain_head is the newest link,
    // locked by each writer last, so links are numbered in one order across all writers.
    await queryRunner.query(`
      CREATE TABLE "chain_links" (
        "seq" bigint NOT NULL,
        "transfer_id" text NOT NULL,
        "prev_hash" text NOT NULL,
        "hash" text NOT NULL,
        CONSTRAINT "PK_chain_links" PRIMARY KEY ("seq"),
        CONSTRAINT "chain_links_transfer_id_key" UNIQUE ("transfer_id"),
        CONSTRAINT "chain_links_transfer_id_fkey" FOREIGN KEY ("transfer_id") REFERENCES "transfers" ("id") ON DELETE RESTRICT
      )`);
    await queryRunner.query(`
      CREATE TABLE "chain_head" (
        "id" smallint NOT NULL,
        "seq" bigint NOT NULL,
        "hash" text NOT NULL,
        CONSTRAINT "PK_chain_head" PRIMARY KEY ("id"),
        CONSTRAINT "chain_head_single_row_check" CHECK (id = 1)
      )`);
    // The genesis hash: 64 zeros.
    await queryRunner.query(`INSERT INTO "chain_head" (id, seq, hash) VALUES (1, 0, repeat('0', 64))`);
    // Postings written before the chain existed are linked now, in the order they were written.
    await queryRunner.query(engineSql('ledger-chain.v1'));
    await queryRunner.query(`
      DO $$
      DECLARE v_ids text[];
      BEGIN
        SELECT coalesce(array_agg(id ORDER BY created_at, id), '{}') INTO v_ids FROM transfers;
        PERFORM ledger_chain(v_ids);
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "chain_links_append_only" BEFORE UPDATE OR DELETE ON "chain_links"
        FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"()`);
    await queryRunner.query(`
      CREATE TRIGGER "chain_links_no_truncate" BEFORE TRUNCATE ON "chain_links"
        FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"()`);

    // Earn rules: one row per version, never edited; the version in force at a moment is the
    // newest whose effective_from is not after it.
    await queryRunner.query(`
      CREATE TABLE "earn_rules" (
        "programme_id" text NOT NULL,
        "version" integer NOT NULL,
        "effective_from" timestamptz NOT NULL,
        "points_per_hour" integer,
        "category_bonus" jsonb NOT NULL DEFAULT '{}',
        "daily_cap" integer,
        "monthly_cap" integer,
        "lifetime_days" integer,
        "time_zone" text NOT NULL DEFAULT 'Asia/Shanghai',
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_earn_rules" PRIMARY KEY ("programme_id", "version"),
        CONSTRAINT "earn_rules_effective_key" UNIQUE ("programme_id", "effective_from"),
        CONSTRAINT "earn_rules_version_check" CHECK (version >= 1),
        CONSTRAINT "earn_rules_numbers_check" CHECK (
          (points_per_hour IS NULL OR points_per_hour BETWEEN 0 AND 1000)
          AND (daily_cap IS NULL OR daily_cap >= 0)
          AND (monthly_cap IS NULL OR monthly_cap >= 0)
          AND (lifetime_days IS NULL OR lifetime_days >= 1))
      )`);
    await queryRunner.query(`
      CREATE TRIGGER "earn_rules_append_only" BEFORE UPDATE OR DELETE ON "earn_rules"
        FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"()`);
    // The first version of the default programme: the activity's own rate, no bonus, no cap,
    // points that keep. Earns before this migration were made under exactly that rule.
    await queryRunner.query(`
      INSERT INTO "earn_rules" (programme_id, version, effective_from, created_by)
      VALUES ('community-points', 1, '2020-01-01T00:00:00Z', 'migration')`);

    // What each earn paid, on which local day and month, under which rule version: the caps
    // read it, and a past earn is explained by it.
    await queryRunner.query(`
      CREATE TABLE "earn_log" (
        "transfer_id" text NOT NULL,
        "user_id" text NOT NULL,
        "programme_id" text NOT NULL,
        "rule_version" integer NOT NULL,
        "local_day" date NOT NULL,
        "points" bigint NOT NULL,
        "uncapped_points" bigint NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_earn_log" PRIMARY KEY ("transfer_id"),
        CONSTRAINT "earn_log_points_check" CHECK (points >= 0 AND uncapped_points >= points),
        CONSTRAINT "earn_log_rule_fkey" FOREIGN KEY ("programme_id", "rule_version")
          REFERENCES "earn_rules" ("programme_id", "version") ON DELETE RESTRICT
      )`);
    await queryRunner.query(`CREATE INDEX "earn_log_user_day_idx" ON "earn_log" ("user_id", "programme_id", "local_day")`);

    await queryRunner.query(`
      CREATE TABLE "reconciliation_runs" (
        "id" bigserial NOT NULL,
        "started_at" timestamptz NOT NULL,
        "finished_at" timestamptz NOT NULL,
        "accounts_checked" integer NOT NULL,
        "drifts" jsonb NOT NULL,
        CONSTRAINT "PK_reconciliation_runs" PRIMARY KEY ("id")
      )`);

    await queryRunner.query(engineSql('ledger-apply-one.v1'));
    await queryRunner.query(engineSql('ledger-apply.v1'));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "ledger_apply"(jsonb, jsonb)`);
    await queryRunner.query(`DROP FUNCTION "ledger_apply_one"(jsonb)`);
    await queryRunner.query(`DROP FUNCTION "ledger_apply_bulk"(jsonb)`);
    await queryRunner.query(`DROP FUNCTION "ledger_chain_link"(text[], text[])`);
    await queryRunner.query(`DROP FUNCTION "ledger_repeat"(jsonb)`);
    await queryRunner.query(`DROP FUNCTION "ledger_result"(text, boolean)`);
    await queryRunner.query(`DROP FUNCTION "ledger_reject"(jsonb, text, text)`);
    await queryRunner.query(`DROP FUNCTION "ledger_emit"(jsonb, text, text, jsonb)`);
    await queryRunner.query(`DROP FUNCTION "ledger_iso"(timestamptz)`);
    await queryRunner.query(`DROP TABLE "reconciliation_runs"`);
    await queryRunner.query(`DROP TABLE "earn_log"`);
    await queryRunner.query(`DROP TABLE "earn_rules"`);
    await queryRunner.query(`DROP TABLE "chain_head"`);
    await queryRunner.query(`DROP TABLE "chain_links"`);
    await queryRunner.query(`DROP FUNCTION "ledger_chain"(text[])`);
    await queryRunner.query(`DROP INDEX "entries_account_id_created_at_idx"`);
    // The movement columns go; rows written since (holds, reversals) lose their op and links,
    // which is why down is for development databases only.
    await queryRunner.query(`
      ALTER TABLE "transfers"
        DROP CONSTRAINT "transfers_op_shape_check",
        DROP CONSTRAINT "transfers_op_check",
        DROP CONSTRAINT "transfers_pending_id_fkey",
        DROP CONSTRAINT "transfers_reverses_id_fkey",
        DROP COLUMN "op", DROP COLUMN "pending_id", DROP COLUMN "reverses_id", DROP COLUMN "timeout_at",
        DROP COLUMN "expires_at", DROP COLUMN "caused_by", DROP COLUMN "linked_group"`);
    await queryRunner.query(GUARD_TRANSFER_UPDATE);
  }
}
