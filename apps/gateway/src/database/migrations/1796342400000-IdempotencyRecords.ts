import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `Idempotency-Key` records: one per user, route and key, with the answer to replay. */
export class IdempotencyRecords1796342400000 implements MigrationInterface {
  name = 'IdempotencyRecords1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "idempotency_records" (
        "user_id" uuid NOT NULL,
        "route" text NOT NULL,
        "key" text NOT NULL,
        "request_hash" text NOT NULL,
        "status" integer,
        "headers" jsonb,
        "body" bytea,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "completed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_idempotency_records" PRIMARY KEY ("user_id", "route", "key")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_idempotency_records_created_at" ON "idempotency_records" ("created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_records"`);
  }
}
