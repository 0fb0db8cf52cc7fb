import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two-person rule's threshold, per programme: a correction raising an attendance above its
 * recorded minutes by more than this needs a second manager. null (every existing version): the
 * platform default, 60 minutes. Volunteers learns it from `ledger.earn-rule.created.v1`.
 */
export class EarnRuleRaiseApprovalMinutes1796630000000 implements MigrationInterface {
  name = 'EarnRuleRaiseApprovalMinutes1796630000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "earn_rules" ADD COLUMN "raise_approval_minutes" integer`);
    await queryRunner.query(`
      ALTER TABLE "earn_rules" ADD CONSTRAINT "earn_rules_raise_approval_minutes_check"
        CHECK (raise_approval_minutes IS NULL OR raise_approval_minutes BETWEEN 0 AND 1440)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "earn_rules" DROP CONSTRAINT "earn_rules_raise_approval_minutes_check"`);
    await queryRunner.query(`ALTER TABLE "earn_rules" DROP COLUMN "raise_approval_minutes"`);
  }
}
