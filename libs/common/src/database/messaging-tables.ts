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

export async function dropMessagingTables(runner: QueryRunner): Promise<void> {
  await runner.query(`DROP TABLE "inbox"`);
  await runner.query(`DROP TABLE "outbox"`);
}
