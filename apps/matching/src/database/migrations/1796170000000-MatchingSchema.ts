import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Needs, the offers read model, matching runs and their matches, and the organisations read
 * model (generated from the entities, then read). The checks keep quantities sane whatever the code does.
 */
export class MatchingSchema1796170000000 implements MigrationInterface {
  name = 'MatchingSchema1796170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "orgs" ("id" uuid NOT NULL, "name" character varying(120) NOT NULL, "kind" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_orgs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "needs" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "posted_by" uuid NOT NULL, "kind" character varying(8) NOT NULL, "title" character varying(120) NOT NULL, "description" character varying(2000) NOT NULL DEFAULT '', "category" character varying(32) NOT NULL, "quantity" integer NOT NULL, "unit" character varying(20) NOT NULL DEFAULT '', "met" integer NOT NULL DEFAULT '0', "lat" double precision NOT NULL, "lng" double precision NOT NULL, "address" character varying(200) NOT NULL, "neighbourhood" character varying(60) NOT NULL, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "urgency" smallint NOT NULL, "beneficiaries" character varying(32) array NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE, "window_end" TIMESTAMP WITH TIME ZONE, "status" character varying(8) NOT NULL, "closed_reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_needs_quantity" CHECK ("quantity" > 0 AND "met" >= 0 AND "met" <= "quantity"), CONSTRAINT "PK_needs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_needs_status" ON "needs" ("status", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_needs_org" ON "needs" ("org_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "offers" ("id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "categories" character varying(32) array NOT NULL, "confirmed_skills" character varying(32) array NOT NULL DEFAULT '{}', "label" character varying(120) NOT NULL, "org_id" uuid, "available" integer NOT NULL, "unit" character varying(20) NOT NULL DEFAULT '', "lat" double precision, "lng" double precision, "place" character varying(200) NOT NULL DEFAULT '', "expires_on" date, "for_beneficiaries" character varying(32) array NOT NULL DEFAULT '{}', "conditions" character varying(1000) NOT NULL DEFAULT '', "availability" jsonb NOT NULL DEFAULT '[]', "reach_km" integer, "star_level" smallint NOT NULL DEFAULT '0', "matchable" boolean NOT NULL, "version" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_offers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_offers_kind" ON "offers" ("kind", "matchable") `);
    await queryRunner.query(
      `CREATE TABLE "matching_runs" ("id" uuid NOT NULL, "status" character varying(8) NOT NULL, "trigger" character varying(8) NOT NULL, "started_by" uuid, "progress" smallint NOT NULL DEFAULT '0', "stage" character varying(16) NOT NULL DEFAULT 'queued', "max_distance_km" integer NOT NULL, "totals" jsonb, "previous_run_id" uuid, "error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_matching_runs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_matching_runs_created" ON "matching_runs" ("created_at") `);
    await queryRunner.query(
      `CREATE TABLE "matches" ("id" uuid NOT NULL, "run_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "need_id" uuid NOT NULL, "need_org_id" uuid NOT NULL, "offer_id" uuid NOT NULL, "offer_org_id" uuid, "offer_label" character varying(120) NOT NULL, "quantity" integer NOT NULL, "score" integer NOT NULL, "parts" jsonb NOT NULL, "distance_km" double precision NOT NULL, "status" character varying(12) NOT NULL, "need_side" character varying(8) NOT NULL DEFAULT 'pending', "offer_side" character varying(8) NOT NULL DEFAULT 'pending', "decline_reason" character varying(500), "allocated" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_matches_quantity" CHECK ("quantity" > 0), CONSTRAINT "PK_matches" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_matches_run" ON "matches" ("run_id", "need_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_matches_need" ON "matches" ("need_id", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_matches_offer" ON "matches" ("offer_id", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_matches_status" ON "matches" ("status", "created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "matches"`);
    await queryRunner.query(`DROP TABLE "matching_runs"`);
    await queryRunner.query(`DROP TABLE "offers"`);
    await queryRunner.query(`DROP TABLE "needs"`);
    await queryRunner.query(`DROP TABLE "orgs"`);
  }
}
