import type { MigrationInterface, QueryRunner } from 'typeorm';
import { engineSql } from '../sql/engine-sql';

/**
 * The hash chain's format 2 (../sql/ledger-chain.v2.sql): every link written from now on covers
 * every column of its transfer and of the transfer's entries. `chain_links.format` says which
 * formula a link was hashed with; links written before this migration keep format 1 and are
 * verified with it. No default: the one writer, `ledger_chain_link`, names the format.
 */
export class ChainFormatV2Entries1796620100000 implements MigrationInterface {
  name = 'ChainFormatV2Entries1796620100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Adding a column with a default writes no row (no UPDATE trigger fires): existing links are format 1.
    await queryRunner.query(`ALTER TABLE "chain_links" ADD COLUMN "format" smallint NOT NULL DEFAULT 1`);
    await queryRunner.query(`ALTER TABLE "chain_links" ALTER COLUMN "format" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "chain_links" ADD CONSTRAINT "chain_links_format_check" CHECK (format IN (1, 2))`);
    await queryRunner.query(`DROP FUNCTION "ledger_chain"(text[])`);
    await queryRunner.query(`DROP FUNCTION "ledger_chain_link"(text[], text[])`);
    await queryRunner.query(engineSql('ledger-chain.v2'));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Links of format 2 stay as they are; format 1's verifier cannot check them, which is why
    // down is for development databases only.
    await queryRunner.query(`DROP FUNCTION "ledger_chain"(text[])`);
    await queryRunner.query(`DROP FUNCTION "ledger_chain_link"(text[], text[])`);
    await queryRunner.query(`DROP FUNCTION "ledger_chain_texts_v2"(text[])`);
    await queryRunner.query(`DROP FUNCTION "ledger_us"(timestamptz)`);
    await queryRunner.query(engineSql('ledger-chain.v1'));
    await queryRunner.query(`ALTER TABLE "chain_links" DROP CONSTRAINT "chain_links_format_check"`);
    await queryRunner.query(`ALTER TABLE "chain_links" DROP COLUMN "format"`);
  }
}
