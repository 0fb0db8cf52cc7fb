import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two-person rule for large raises: an attendance may wait in `pending_approval` with the
 * proposed minutes, reason, proposer and time; the last rejection's reason is kept until the
 * attendance is verified. Programmes carry the threshold (`raise_approval_minutes`, null: 60).
 */
export class AttendanceRaiseApproval1796630000000 implements MigrationInterface {
  name = 'AttendanceRaiseApproval1796630000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attendance" DROP CONSTRAINT "CHK_attendance_status"`);
    await queryRunner.query(`
      ALTER TABLE "attendance" ADD CONSTRAINT "CHK_attendance_status"
        CHECK ("status" IN ('checked_in', 'checked_out', 'pending_approval', 'verified'))`);
    await queryRunner.query(`
      ALTER TABLE "attendance"
        ADD "proposed_minutes" integer,
        ADD "proposal_reason" character varying(500),
        ADD "proposed_by" uuid,
        ADD "proposed_at" TIMESTAMP WITH TIME ZONE,
        ADD "rejection_reason" character varying(500)`);
    await queryRunner.query(`
      ALTER TABLE "attendance" ADD CONSTRAINT "CHK_attendance_proposal"
        CHECK (("status" <> 'pending_approval' OR ("proposed_minutes" IS NOT NULL AND "proposed_by" IS NOT NULL AND "proposed_at" IS NOT NULL)) AND "proposed_minutes" BETWEEN 0 AND 1440)`);
    await queryRunner.query(`ALTER TABLE "programme_earn_rules" ADD "raise_approval_minutes" integer`);
    await queryRunner.query(`
      ALTER TABLE "programme_earn_rules" ADD CONSTRAINT "CHK_programme_earn_rules_raise"
        CHECK ("raise_approval_minutes" IS NULL OR "raise_approval_minutes" BETWEEN 0 AND 1440)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "programme_earn_rules" DROP CONSTRAINT "CHK_programme_earn_rules_raise"`);
    await queryRunner.query(`ALTER TABLE "programme_earn_rules" DROP COLUMN "raise_approval_minutes"`);
    // Pending raises go back to what they were before the proposal.
    await queryRunner.query(`UPDATE "attendance" SET "status" = 'checked_out' WHERE "status" = 'pending_approval'`);
    await queryRunner.query(`ALTER TABLE "attendance" DROP CONSTRAINT "CHK_attendance_proposal"`);
    await queryRunner.query(`
      ALTER TABLE "attendance"
        DROP COLUMN "proposed_minutes", DROP COLUMN "proposal_reason", DROP COLUMN "proposed_by",
        DROP COLUMN "proposed_at", DROP COLUMN "rejection_reason"`);
    await queryRunner.query(`ALTER TABLE "attendance" DROP CONSTRAINT "CHK_attendance_status"`);
    await queryRunner.query(`
      ALTER TABLE "attendance" ADD CONSTRAINT "CHK_attendance_status"
        CHECK ("status" IN ('checked_in', 'checked_out', 'verified'))`);
  }
}
