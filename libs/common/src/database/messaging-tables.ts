import type { QueryRunner } from 'typeorm';

/**
 * DDL for the outbox and inbox tables every service has. A service's first migration calls
 * these, so the tables stay in step with the entities in libs/common/messaging.
 */
export async function createMessagingTables(runner: QueryRunner): Promise<void> {
  await runner.query(`
    CREATE TABLE "outbox" (
      "id" bigserial PRIMARY KEY,
      "message_id" uuid NOT NULL,
      "topic" text NOT NULL,
      "key" text NOT NULL,
      "envelope" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz,
      CONSTRAINT "UQ_outbox_message_id" UNIQUE ("message_id")
    )`);
  await runner.query(`CREATE INDEX "outbox_unpublished_idx" ON "outbox" ("id") WHERE published_at IS NULL`);
  await runner.query(`
    CREATE TABLE "inbox" (
      "consumer" text NOT NULL,
      "message_id" uuid NOT NULL,
      "topic" text NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "PK_inbox" PRIMARY KEY ("consumer", "message_id")
    )`);
}

/**
 * Outbox rows the broker keeps refusing (too large, not authorised) are parked after
 * OUTBOX_MAX_ATTEMPTS tries instead of blocking every row behind them: `attempts` counts the
 * refused sends, `last_error` says why, `parked_at` marks the row kept aside (the relay skips
 * it, the health check reports it). A service's migration after `createMessagingTables` adds them.
 */
export async function addOutboxParking(runner: QueryRunner): Promise<void> {
  await runner.query(`ALTER TABLE "outbox" ADD "attempts" integer NOT NULL DEFAULT 0`);
  await runner.query(`ALTER TABLE "outbox" ADD "last_error" text`);
  await runner.query(`ALTER TABLE "outbox" ADD "parked_at" timestamptz`);
  await runner.query(`CREATE INDEX "outbox_parked_idx" ON "outbox" ("id") WHERE parked_at IS NOT NULL`);
}

export async function dropOutboxParking(runner: QueryRunner): Promise<void> {
  await runner.query(`DROP INDEX "outbox_parked_idx"`);
  await runner.query(`ALTER TABLE "outbox" DROP COLUMN "parked_at"`);
  await runner.query(`ALTER TABLE "outbox" DROP COLUMN "last_error"`);
  await runner.query(`ALTER TABLE "outbox" DROP COLUMN "attempts"`);
}

export async function dropMessagingTables(runner: QueryRunner): Promise<void> {
  await runner.query(`DROP TABLE "inbox"`);
  await runner.query(`DROP TABLE "outbox"`);
}
