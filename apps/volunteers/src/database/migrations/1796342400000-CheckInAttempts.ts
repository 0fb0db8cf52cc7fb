import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Wrong check-in codes per resident and activity, so that guessing the code stops after a few tries. */
export class CheckInAttempts1796342400000 implements MigrationInterface {
  name = 'CheckInAttempts1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "check_in_attempts" (
        "activity_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "failures" integer NOT NULL DEFAULT '0',
        "last_failed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "CHK_check_in_attempts_failures" CHECK ("failures" >= 0),
        CONSTRAINT "PK_check_in_attempts" PRIMARY KEY ("activity_id", "user_id")
      )`);
    await queryRunner.query(
      `ALTER TABLE "check_in_attempts" ADD CONSTRAINT "FK_check_in_attempts_activity" FOREIGN KEY ("activity_id") REFERENCES "activities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "check_in_attempts" DROP CONSTRAINT "FK_check_in_attempts_activity"`);
    await queryRunner.query(`DROP TABLE "check_in_attempts"`);
  }
}
