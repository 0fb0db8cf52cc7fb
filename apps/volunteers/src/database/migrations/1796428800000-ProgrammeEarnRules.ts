import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The read model of the ledger's earn rule versions: the bound on an activity's points per hour. */
export class ProgrammeEarnRules1796428800000 implements MigrationInterface {
  name = 'ProgrammeEarnRules1796428800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "programme_earn_rules" (
        "programme_id" character varying(64) NOT NULL,
        "version" integer NOT NULL,
        "effective_from" TIMESTAMP WITH TIME ZONE NOT NULL,
        "max_points_per_hour" integer,
        CONSTRAINT "CHK_programme_earn_rules_max" CHECK ("max_points_per_hour" IS NULL OR "max_points_per_hour" BETWEEN 0 AND 1000),
        CONSTRAINT "PK_programme_earn_rules" PRIMARY KEY ("programme_id", "version")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "programme_earn_rules"`);
  }
}
