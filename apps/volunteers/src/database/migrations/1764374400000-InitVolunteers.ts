import { createMessagingTables, dropMessagingTables } from '@goodloop/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The volunteers schema: activities, signups (with the waitlist), attendance, and the users and
 * orgs read models fed from the gateway's identity events. Generated from the entities with
 * TypeORM's schema builder, then laid out and named by hand.
 */
export class InitVolunteers1764374400000 implements MigrationInterface {
  name = 'InitVolunteers1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);

    await queryRunner.query(`
      CREATE TABLE "activities" (
        "id" uuid NOT NULL,
        "org_id" uuid NOT NULL,
        "org_name" character varying(120) NOT NULL,
        "title" character varying(120) NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "category" character varying(32) NOT NULL,
        "place_name" character varying(120) NOT NULL,
        "place_address" character varying(300),
        "place_lat" double precision,
        "place_lng" double precision,
        "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "capacity" integer NOT NULL,
        "points_per_hour" integer NOT NULL,
        "programme_id" character varying(64) NOT NULL,
        "check_in_code" character(6) NOT NULL,
        "confirmed_count" integer NOT NULL DEFAULT '0',
        "waitlist_count" integer NOT NULL DEFAULT '0',
        "created_by" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_activities_counts" CHECK ("confirmed_count" BETWEEN 0 AND "capacity" AND "waitlist_count" >= 0),
        CONSTRAINT "CHK_activities_schedule" CHECK ("ends_at" > "starts_at"),
        CONSTRAINT "PK_activities" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_activities_org_starts_at" ON "activities" ("org_id", "starts_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_activities_starts_at_id" ON "activities" ("starts_at", "id")`);

    await queryRunner.query(`
      CREATE TABLE "signups" (
        "id" uuid NOT NULL,
        "activity_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "status" character varying(16) NOT NULL,
        "waitlist_position" integer,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "confirmed_at" TIMESTAMP WITH TIME ZONE,
        "cancelled_at" TIMESTAMP WITH TIME ZONE,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_signups_waitlist_position" UNIQUE ("activity_id", "waitlist_position") DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT "CHK_signups_waitlist_position" CHECK (("status" = 'waitlisted') = ("waitlist_position" IS NOT NULL)),
        CONSTRAINT "CHK_signups_status" CHECK ("status" IN ('confirmed', 'waitlisted', 'cancelled')),
        CONSTRAINT "PK_signups" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_signups_user" ON "signups" ("user_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_signups_active_user" ON "signups" ("activity_id", "user_id") WHERE "status" <> 'cancelled'`,
    );

    await queryRunner.query(`
      CREATE TABLE "attendance" (
        "id" uuid NOT NULL,
        "activity_id" uuid NOT NULL,
        "signup_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "status" character varying(16) NOT NULL,
        "check_in_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "checked_in_by" uuid NOT NULL,
        "check_out_at" TIMESTAMP WITH TIME ZONE,
        "checked_out_by" uuid,
        "recorded_minutes" integer,
        "verified_minutes" integer,
        "correction_reason" character varying(500),
        "verified_by" uuid,
        "verified_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_attendance_activity_user" UNIQUE ("activity_id", "user_id"),
        CONSTRAINT "CHK_attendance_minutes" CHECK ("recorded_minutes" BETWEEN 0 AND 1440 AND "verified_minutes" BETWEEN 0 AND 1440),
        CONSTRAINT "CHK_attendance_status" CHECK ("status" IN ('checked_in', 'checked_out', 'verified')),
        CONSTRAINT "PK_attendance" PRIMARY KEY ("id")
      )`);

    await queryRunner.query(`
      CREATE TABLE "orgs" (
        "id" uuid NOT NULL,
        "name" character varying(120) NOT NULL,
        "kind" character varying(32) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_orgs" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL,
        "display_name" character varying(64) NOT NULL,
        "email" character varying(320) NOT NULL,
        "locale" character varying(8) NOT NULL,
        "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_users" PRIMARY KEY ("id")
      )`);

    await queryRunner.query(
      `ALTER TABLE "signups" ADD CONSTRAINT "FK_signups_activity" FOREIGN KEY ("activity_id") REFERENCES "activities"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance" ADD CONSTRAINT "FK_attendance_activity" FOREIGN KEY ("activity_id") REFERENCES "activities"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance" ADD CONSTRAINT "FK_attendance_signup" FOREIGN KEY ("signup_id") REFERENCES "signups"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attendance" DROP CONSTRAINT "FK_attendance_signup"`);
    await queryRunner.query(`ALTER TABLE "attendance" DROP CONSTRAINT "FK_attendance_activity"`);
    await queryRunner.query(`ALTER TABLE "signups" DROP CONSTRAINT "FK_signups_activity"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "orgs"`);
    await queryRunner.query(`DROP TABLE "attendance"`);
    await queryRunner.query(`DROP INDEX "UQ_signups_active_user"`);
    await queryRunner.query(`DROP INDEX "IDX_signups_user"`);
    await queryRunner.query(`DROP TABLE "signups"`);
    await queryRunner.query(`DROP INDEX "IDX_activities_starts_at_id"`);
    await queryRunner.query(`DROP INDEX "IDX_activities_org_starts_at"`);
    await queryRunner.query(`DROP TABLE "activities"`);
    await dropMessagingTables(queryRunner);
  }
}
