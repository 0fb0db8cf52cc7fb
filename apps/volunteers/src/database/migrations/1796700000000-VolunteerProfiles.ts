import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Volunteer profiles (skills with who confirmed them, weekly availability, home area, verified
 * minutes, a version for the profile events) and the invitations of accepted skill matches.
 * Verified minutes are counted from the attendance records already verified.
 */
export class VolunteerProfiles1796700000000 implements MigrationInterface {
  name = 'VolunteerProfiles1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "volunteer_profiles" ("user_id" uuid NOT NULL, "skills" jsonb NOT NULL DEFAULT '[]', "availability" jsonb NOT NULL DEFAULT '[]', "home_lat" double precision, "home_lng" double precision, "home_address" character varying(200), "reach_km" integer, "verified_minutes" integer NOT NULL DEFAULT '0', "version" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_volunteer_profiles" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "match_invitations" ("match_id" uuid NOT NULL, "user_id" uuid NOT NULL, "need_id" uuid NOT NULL, "org_id" uuid NOT NULL, "title" character varying(120) NOT NULL, "skill" character varying(60) NOT NULL, "address" character varying(200) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE, "window_end" TIMESTAMP WITH TIME ZONE, "invited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_match_invitations" PRIMARY KEY ("match_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_match_invitations_user" ON "match_invitations" ("user_id", "invited_at") `);
    await queryRunner.query(
      `INSERT INTO "volunteer_profiles" ("user_id", "verified_minutes", "version")
       SELECT "user_id", sum("verified_minutes"), 1 FROM "attendance" WHERE "status" = 'verified' GROUP BY "user_id"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_match_invitations_user"`);
    await queryRunner.query(`DROP TABLE "match_invitations"`);
    await queryRunner.query(`DROP TABLE "volunteer_profiles"`);
  }
}
