import { createEnvelope, Topics, type EarnRuleCreatedV1 } from '@goodloop/contracts';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

/** The default programme, whose version 1 (1796169600000-TwoPhaseChainAndRules) has no cap. */
const PROGRAMME_ID = 'community-points';
/**
 * 8 hours at the platform's top rate (1,000 points an hour): a full day of service at any rate
 * an activity may advertise still earns in full, a 24-hour "correction" earns a third of it.
 */
export const DEFAULT_DAILY_CAP = 8 * 1000;
/** Ten such days a month, the demo rule's ratio (60 a day, 600 a month). */
export const DEFAULT_MONTHLY_CAP = 10 * DEFAULT_DAILY_CAP;
const CREATED_BY = 'migration:default-caps';

interface LatestRow {
  version: number;
  effective_from: Date;
  daily_cap: number | null;
  monthly_cap: number | null;
}

/**
 * Appends a version of the default rule with a daily and a monthly cap, effective now, copying
 * everything else from the newest version — and announces it through the outbox as any version
 * is (volunteers keeps the programme's bounds). Only when the newest version has no cap at all:
 * a programme whose admins already chose caps (the demo rule, 60/600) keeps them.
 */
export class DefaultEarnRuleCaps1796630100000 implements MigrationInterface {
  name = 'DefaultEarnRuleCaps1796630100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`earn-rules:${PROGRAMME_ID}`]);
    const [latest] = (await queryRunner.query(
      `SELECT version, effective_from, daily_cap, monthly_cap FROM earn_rules
        WHERE programme_id = $1 ORDER BY version DESC LIMIT 1`,
      [PROGRAMME_ID],
    )) as LatestRow[];
    if (!latest || latest.daily_cap !== null || latest.monthly_cap !== null) return;

    const [row] = (await queryRunner.query(
      `INSERT INTO earn_rules (programme_id, version, effective_from, points_per_hour, max_points_per_hour,
                               raise_approval_minutes, category_bonus, daily_cap, monthly_cap, lifetime_days,
                               time_zone, created_by)
       SELECT programme_id, version + 1, GREATEST(now(), effective_from + interval '1 second'), points_per_hour,
              max_points_per_hour, raise_approval_minutes, category_bonus, $3, $4, lifetime_days, time_zone, $5
         FROM earn_rules WHERE programme_id = $1 AND version = $2
       RETURNING version, effective_from, points_per_hour, max_points_per_hour, raise_approval_minutes`,
      [PROGRAMME_ID, latest.version, DEFAULT_DAILY_CAP, DEFAULT_MONTHLY_CAP, CREATED_BY],
    )) as {
      version: number;
      effective_from: Date;
      points_per_hour: number | null;
      max_points_per_hour: number | null;
      raise_approval_minutes: number | null;
    }[];
    const payload: EarnRuleCreatedV1 = {
      programmeId: PROGRAMME_ID,
      version: row!.version,
      effectiveFrom: new Date(row!.effective_from).toISOString(),
      maxPointsPerHour: row!.max_points_per_hour,
      pointsPerHour: row!.points_per_hour,
      raiseApprovalMinutes: row!.raise_approval_minutes,
    };
    const envelope = createEnvelope(Topics.EarnRuleCreatedV1, payload, {
      id: uuidv7(),
      producer: 'ledger',
      correlationId: uuidv7(),
    });
    await queryRunner.query(`INSERT INTO outbox (message_id, topic, key, envelope) VALUES ($1, $2, $3, $4)`, [
      envelope.id,
      Topics.EarnRuleCreatedV1,
      PROGRAMME_ID,
      JSON.stringify(envelope),
    ]);
  }

  /** Refused by the earn log's foreign key once anything was earned under the capped version. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "earn_rules" DISABLE TRIGGER "earn_rules_append_only"`);
    await queryRunner.query(`DELETE FROM "earn_rules" WHERE programme_id = $1 AND created_by = $2`, [
      PROGRAMME_ID,
      CREATED_BY,
    ]);
    await queryRunner.query(`ALTER TABLE "earn_rules" ENABLE TRIGGER "earn_rules_append_only"`);
  }
}
