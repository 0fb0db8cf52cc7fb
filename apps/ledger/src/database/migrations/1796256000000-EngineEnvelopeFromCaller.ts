import type { MigrationInterface, QueryRunner } from 'typeorm';
import { engineSql } from '../sql/engine-sql';

/** Version 1's functions that version 2 replaces with a `p_messages` parameter. */
const V1_ENTRY_POINTS = [
  `"ledger_apply"(jsonb, jsonb)`,
  `"ledger_apply_one"(jsonb)`,
  `"ledger_apply_bulk"(jsonb)`,
  `"ledger_emit"(jsonb, text, text, jsonb)`,
];
const V2_ENTRY_POINTS = [
  `"ledger_apply"(jsonb, jsonb, jsonb)`,
  `"ledger_apply_one"(jsonb, jsonb)`,
  `"ledger_apply_bulk"(jsonb, jsonb)`,
  `"ledger_emit"(jsonb, jsonb, text, jsonb)`,
];
/** Helpers both versions define alike; version 1's file creates them, so `down` drops them first. */
const HELPERS = [
  `"ledger_repeat"(jsonb)`,
  `"ledger_result"(text, boolean)`,
  `"ledger_reject"(jsonb, text, text)`,
  `"ledger_iso"(timestamptz)`,
];

/**
 * The posting engine, version 2 (../sql/ledger-apply.v2.sql): the envelopes of the messages it
 * writes take their type, version and producer from the caller, which builds them with
 * libs/contracts' `envelopeTemplate`, instead of spelling them out in SQL. Postings are the same.
 */
export class EngineEnvelopeFromCaller1796256000000 implements MigrationInterface {
  name = 'EngineEnvelopeFromCaller1796256000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const fn of V1_ENTRY_POINTS) await queryRunner.query(`DROP FUNCTION ${fn}`);
    await queryRunner.query(engineSql('ledger-apply.v2'));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const fn of [...V2_ENTRY_POINTS, ...HELPERS]) await queryRunner.query(`DROP FUNCTION ${fn}`);
    await queryRunner.query(engineSql('ledger-apply-one.v1'));
    await queryRunner.query(engineSql('ledger-apply.v1'));
  }
}
