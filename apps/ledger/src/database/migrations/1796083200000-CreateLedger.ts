import { createMessagingTables, dropMessagingTables } from '@goodloop/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's tables: accounts (per key and asset, with monotonic totals), transfers (the
 * caller-chosen id is the primary key) and entries (one signed row per side, with the running
 * balance). The rules that must hold whatever code runs against the database live here too:
 * the non-negative check on accounts, and triggers that keep postings append-only.
 */
export class CreateLedger1796083200000 implements MigrationInterface {
  name = 'CreateLedger1796083200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);

    await queryRunner.query(`
      CREATE TABLE "accounts" (
        "id" uuid NOT NULL,
        "key" text NOT NULL,
        "asset" text NOT NULL,
        "kind" text NOT NULL,
        "allow_negative" boolean NOT NULL,
        "frozen" boolean NOT NULL DEFAULT false,
        "debits_posted" bigint NOT NULL DEFAULT '0',
        "credits_posted" bigint NOT NULL DEFAULT '0',
        "debits_pending" bigint NOT NULL DEFAULT '0',
        "credits_pending" bigint NOT NULL DEFAULT '0',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_accounts" PRIMARY KEY ("id"),
        CONSTRAINT "accounts_key_asset_key" UNIQUE ("key", "asset"),
        CONSTRAINT "accounts_asset_check" CHECK (asset IN ('POINTS', 'CNY')),
        CONSTRAINT "accounts_kind_check"
          CHECK (kind IN ('user_wallet', 'organisation', 'fund', 'issuance', 'external', 'expiry_sink', 'redemption_sink')),
        CONSTRAINT "accounts_totals_check"
          CHECK (debits_posted >= 0 AND credits_posted >= 0 AND debits_pending >= 0 AND credits_pending >= 0),
        -- A wallet, organisation or fund never spends what it does not have, pending holds included.
        CONSTRAINT "accounts_non_negative_check"
          CHECK (allow_negative OR credits_posted - debits_posted - debits_pending >= 0)
      )`);

    await queryRunner.query(`
      CREATE TABLE "transfers" (
        "id" text NOT NULL,
        "debit_account_id" uuid NOT NULL,
        "credit_account_id" uuid NOT NULL,
        "asset" text NOT NULL,
        "amount" bigint NOT NULL,
        "code" text NOT NULL,
        "status" text NOT NULL,
        "references" jsonb NOT NULL,
        "content_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_transfers" PRIMARY KEY ("id"),
        CONSTRAINT "transfers_amount_check" CHECK (amount > 0),
        CONSTRAINT "transfers_accounts_check" CHECK (debit_account_id <> credit_account_id),
        CONSTRAINT "transfers_asset_check" CHECK (asset IN ('POINTS', 'CNY')),
        CONSTRAINT "transfers_status_check" CHECK (status IN ('pending', 'posted', 'voided')),
        CONSTRAINT "transfers_debit_account_id_fkey" FOREIGN KEY ("debit_account_id") REFERENCES "accounts" ("id") ON DELETE RESTRICT,
        CONSTRAINT "transfers_credit_account_id_fkey" FOREIGN KEY ("credit_account_id") REFERENCES "accounts" ("id") ON DELETE RESTRICT
      )`);
    await queryRunner.query(`CREATE INDEX "transfers_debit_account_id_idx" ON "transfers" ("debit_account_id")`);
    await queryRunner.query(`CREATE INDEX "transfers_credit_account_id_idx" ON "transfers" ("credit_account_id")`);

    await queryRunner.query(`
      CREATE TABLE "entries" (
        "id" bigserial NOT NULL,
        "transfer_id" text NOT NULL,
        "account_id" uuid NOT NULL,
        "asset" text NOT NULL,
        "amount" bigint NOT NULL,
        "balance_after" bigint NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_entries" PRIMARY KEY ("id"),
        CONSTRAINT "entries_amount_check" CHECK (amount <> 0),
        CONSTRAINT "entries_asset_check" CHECK (asset IN ('POINTS', 'CNY')),
        CONSTRAINT "entries_transfer_id_fkey" FOREIGN KEY ("transfer_id") REFERENCES "transfers" ("id") ON DELETE RESTRICT,
        CONSTRAINT "entries_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE RESTRICT
      )`);
    // The statement reads one account's entries newest first, paging on id.
    await queryRunner.query(`CREATE INDEX "entries_account_id_id_idx" ON "entries" ("account_id", "id")`);
    await queryRunner.query(`CREATE INDEX "entries_transfer_id_idx" ON "entries" ("transfer_id")`);

    // Postings are append-only: a correction is a new transfer, never an edit. Enforced here so
    // that no code path, script or console session can rewrite history.
    await queryRunner.query(`
      CREATE FUNCTION "ledger_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger: % on % is not allowed: postings are append-only, correct them with a new transfer', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "entries_append_only" BEFORE UPDATE OR DELETE ON "entries"
        FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"()`);
    await queryRunner.query(`
      CREATE TRIGGER "entries_no_truncate" BEFORE TRUNCATE ON "entries"
        FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"()`);
    await queryRunner.query(`
      CREATE TRIGGER "transfers_no_delete" BEFORE DELETE ON "transfers"
        FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"()`);
    await queryRunner.query(`
      CREATE TRIGGER "transfers_no_truncate" BEFORE TRUNCATE ON "transfers"
        FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"()`);

    // A transfer's movement (id, accounts, asset, amount, code), provenance and hash never
    // change. Only the status may, and only away from 'pending' (to 'posted' or 'voided'),
    // which two-phase transfers will need.
    await queryRunner.query(`
      CREATE FUNCTION "ledger_guard_transfer_update"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id IS DISTINCT FROM OLD.id
          OR NEW.debit_account_id IS DISTINCT FROM OLD.debit_account_id
          OR NEW.credit_account_id IS DISTINCT FROM OLD.credit_account_id
          OR NEW.asset IS DISTINCT FROM OLD.asset
          OR NEW.amount IS DISTINCT FROM OLD.amount
          OR NEW.code IS DISTINCT FROM OLD.code
          OR NEW."references" IS DISTINCT FROM OLD."references"
          OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
          OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
          RAISE EXCEPTION 'ledger: transfer % is immutable: correct it with a new transfer', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.status IS DISTINCT FROM OLD.status AND OLD.status <> 'pending' THEN
          RAISE EXCEPTION 'ledger: transfer % is % and can no longer change status', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "transfers_immutable" BEFORE UPDATE ON "transfers"
        FOR EACH ROW EXECUTE FUNCTION "ledger_guard_transfer_update"()`);

    // An account's identity never changes and an account is never removed: entries point at it.
    await queryRunner.query(`
      CREATE FUNCTION "ledger_guard_account_update"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id IS DISTINCT FROM OLD.id
          OR NEW.key IS DISTINCT FROM OLD.key
          OR NEW.asset IS DISTINCT FROM OLD.asset
          OR NEW.kind IS DISTINCT FROM OLD.kind
          OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
          RAISE EXCEPTION 'ledger: account % (%) cannot change its identity', OLD.key, OLD.asset
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "accounts_identity_immutable" BEFORE UPDATE ON "accounts"
        FOR EACH ROW EXECUTE FUNCTION "ledger_guard_account_update"()`);
    await queryRunner.query(`
      CREATE TRIGGER "accounts_no_delete" BEFORE DELETE ON "accounts"
        FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // DROP TABLE takes the triggers with it; the functions go after.
    await queryRunner.query(`DROP TABLE "entries"`);
    await queryRunner.query(`DROP TABLE "transfers"`);
    await queryRunner.query(`DROP TABLE "accounts"`);
    await queryRunner.query(`DROP FUNCTION "ledger_guard_account_update"()`);
    await queryRunner.query(`DROP FUNCTION "ledger_guard_transfer_update"()`);
    await queryRunner.query(`DROP FUNCTION "ledger_refuse_change"()`);
    await dropMessagingTables(queryRunner);
  }
}
