import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The most points per hour an activity of a programme may advertise. null (every existing
 * version): up to the platform's 1,000. Volunteers learns it from `ledger.earn-rule.created.v1`.
 */
export class EarnRuleMaxPointsPerHour1796342400000 implements MigrationInterface {
  name = 'EarnRuleMaxPointsPerHour1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "earn_rules" ADD COLUMN "max_points_per_hour" integer`);
    await queryRunner.query(`
      ALTER TABLE "earn_rules" ADD CONSTRAINT "earn_rules_max_points_per_hour_check"
        CHECK (max_points_per_hour IS NULL OR max_points_per_hour BETWEEN 0 AND 1000)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "earn_rules" DROP CONSTRAINT "earn_rules_max_points_per_hour_check"`);
    await queryRunner.query(`ALTER TABLE "earn_rules" DROP COLUMN "max_points_per_hour"`);
  }
}
