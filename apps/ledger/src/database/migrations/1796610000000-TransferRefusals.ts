import type { MigrationInterface, QueryRunner } from 'typeorm';
import { engineSql } from '../sql/engine-sql';

/** Where version 2's file defines the function that version 3 replaces (`down` puts it back). */
const V2_APPLY = 'CREATE FUNCTION ledger_apply(p_accounts jsonb';

/**
 * An id reported rejected stays rejected: `transfer_refusals` (append-only) and the posting
 * engine, version 3 (../sql/ledger-apply.v3.sql), which records a refusal there in the
 * transaction that writes its rejected event, and answers a command whose id was refused from
 * it instead of trying it again.
 */
export class TransferRefusals1796610000000 implements MigrationInterface {
  name = 'TransferRefusals1796610000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "transfer_refusals" (
        "transfer_id" text NOT NULL,
        "reason_code" text NOT NULL,
        "message" text NOT NULL,
        "content_hash" text NOT NULL,
        "op" text NOT NULL,
        "caused_by" text NOT NULL,
        "message_id" uuid,
        "refused_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_transfer_refusals" PRIMARY KEY ("transfer_id")
      )`);
    // Append-only, like the postings: a refusal is a fact that was reported.
    await queryRunner.query(`
      CREATE TRIGGER "transfer_refusals_append_only" BEFORE UPDATE OR DELETE ON "transfer_refusals"
        FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"()`);
    await queryRunner.query(`
      CREATE TRIGGER "transfer_refusals_no_truncate" BEFORE TRUNCATE ON "transfer_refusals"
        FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"()`);
    await queryRunner.query(`DROP FUNCTION "ledger_apply"(jsonb, jsonb, jsonb)`);
    await queryRunner.query(engineSql('ledger-apply.v3'));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const fn of [`"ledger_apply"(jsonb, jsonb, jsonb)`, `"ledger_refuse"(jsonb, jsonb)`, `"ledger_refused"(jsonb)`]) {
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    }
    const v2 = engineSql('ledger-apply.v2');
    const at = v2.indexOf(V2_APPLY);
    if (at < 0) throw new Error('ledger-apply.v2.sql no longer defines ledger_apply');
    await queryRunner.query(v2.slice(at));
    await queryRunner.query(`DROP TABLE "transfer_refusals"`);
  }
}
