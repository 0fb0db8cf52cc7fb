import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Funds, cash donations and their receipts, donor-advised fund recommendations, in-kind
 * pledges, rewards and redemptions, and the organisations read model (generated from the
 * entities, then read). The checks on rewards keep stock from going negative whatever the code does.
 */
export class DonationsSchema1796160000000 implements MigrationInterface {
  name = 'DonationsSchema1796160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "donations" ("id" uuid NOT NULL, "fund_id" uuid NOT NULL, "org_id" uuid NOT NULL, "donor_id" uuid NOT NULL, "donor_name" character varying(64) NOT NULL, "amount_fen" bigint NOT NULL, "message" character varying(200) NOT NULL DEFAULT '', "status" character varying(20) NOT NULL, "provider" character varying(32) NOT NULL, "payment_id" character varying(128) NOT NULL, "recurring_id" uuid, "period" character varying(7), "receipt_year" integer, "receipt_seq" integer, "confirmed_at" TIMESTAMP WITH TIME ZONE, "posted" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_donations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_donations_recurring_period" ON "donations" ("recurring_id", "period") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_donations_receipt" ON "donations" ("org_id", "receipt_year", "receipt_seq") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_donations_payment" ON "donations" ("provider", "payment_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_donations_donor" ON "donations" ("donor_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "payment_events" ("event_id" character varying(128) NOT NULL, "donation_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_payment_events" PRIMARY KEY ("event_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_signatures" ("signature" character varying(128) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_webhook_signatures" PRIMARY KEY ("signature"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "receipt_counters" ("org_id" uuid NOT NULL, "year" integer NOT NULL, "last_seq" integer NOT NULL, CONSTRAINT "PK_receipt_counters" PRIMARY KEY ("org_id", "year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "recurring_donations" ("id" uuid NOT NULL, "fund_id" uuid NOT NULL, "donor_id" uuid NOT NULL, "donor_name" character varying(64) NOT NULL, "amount_fen" bigint NOT NULL, "message" character varying(200) NOT NULL DEFAULT '', "status" character varying(16) NOT NULL, "next_charge_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_recurring_donations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_recurring_due" ON "recurring_donations" ("status", "next_charge_at") `);
    await queryRunner.query(
      `CREATE TABLE "recommendations" ("id" uuid NOT NULL, "fund_id" uuid NOT NULL, "amount_fen" bigint NOT NULL, "target_kind" character varying(8) NOT NULL, "target_id" uuid NOT NULL, "application_ref" character varying(120), "note" character varying(500) NOT NULL DEFAULT '', "status" character varying(16) NOT NULL, "reason" character varying(500), "created_by" uuid NOT NULL, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_recommendations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_recommendations_status" ON "recommendations" ("status") `);
    await queryRunner.query(`CREATE INDEX "IDX_recommendations_fund" ON "recommendations" ("fund_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "funds" ("id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "name" character varying(120) NOT NULL, "description" character varying(1000) NOT NULL DEFAULT '', "org_id" uuid NOT NULL, "owner_id" uuid, "max_donation_fen" bigint NOT NULL, "balance_fen" bigint NOT NULL DEFAULT '0', "received_fen" bigint NOT NULL DEFAULT '0', "donation_count" integer NOT NULL DEFAULT '0', "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_funds" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_funds_owner" ON "funds" ("owner_id") `);
    await queryRunner.query(
      `CREATE TABLE "orgs" ("id" uuid NOT NULL, "name" character varying(120) NOT NULL, "kind" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_orgs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "pledges" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "created_by" uuid NOT NULL, "item" character varying(120) NOT NULL, "category" character varying(16) NOT NULL, "quantity" bigint NOT NULL, "unit" character varying(20) NOT NULL, "unit_value_fen" bigint NOT NULL, "expires_on" date NOT NULL, "pickup_place" character varying(200) NOT NULL, "pickup_hours" character varying(120) NOT NULL, "conditions" character varying(1000) NOT NULL DEFAULT '', "status" character varying(16) NOT NULL, "received_quantity" bigint, "allocated_quantity" bigint NOT NULL DEFAULT '0', "delivered_quantity" bigint NOT NULL DEFAULT '0', "receive_note" character varying(500), "received_by" uuid, "received_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_pledges" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_pledges_status" ON "pledges" ("status", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_pledges_org" ON "pledges" ("org_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "redemptions" ("id" uuid NOT NULL, "reward_id" uuid NOT NULL, "org_id" uuid NOT NULL, "resident_id" uuid NOT NULL, "quantity" bigint NOT NULL, "points" bigint NOT NULL, "status" character varying(16) NOT NULL, "pickup_code" character(8) NOT NULL, "code_attempts" integer NOT NULL DEFAULT '0', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "refusal" character varying(64), "fulfilled_by" uuid, "fulfilled_at" TIMESTAMP WITH TIME ZONE, "settled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_redemptions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_redemptions_live_code" ON "redemptions" ("org_id", "pickup_code") WHERE status IN ('holding', 'held', 'fulfilling')`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_redemptions_expiry" ON "redemptions" ("status", "expires_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_redemptions_org" ON "redemptions" ("org_id", "status", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_redemptions_reward_resident" ON "redemptions" ("reward_id", "resident_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_redemptions_resident" ON "redemptions" ("resident_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "rewards" ("id" uuid NOT NULL, "pledge_id" uuid NOT NULL, "org_id" uuid NOT NULL, "title" character varying(120) NOT NULL, "points_price" bigint NOT NULL, "quantity" bigint NOT NULL, "available" bigint NOT NULL, "reserved" bigint NOT NULL DEFAULT '0', "delivered" bigint NOT NULL DEFAULT '0', "per_resident_limit" integer NOT NULL, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_to" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_rewards_balance" CHECK (available + reserved + delivered = quantity), CONSTRAINT "CHK_rewards_reserved" CHECK (reserved >= 0), CONSTRAINT "CHK_rewards_available" CHECK (available >= 0), CONSTRAINT "PK_rewards" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_rewards_pledge" ON "rewards" ("pledge_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_rewards_catalogue" ON "rewards" ("valid_to", "created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_rewards_catalogue"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_rewards_pledge"`);
    await queryRunner.query(`DROP TABLE "rewards"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_redemptions_resident"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_redemptions_reward_resident"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_redemptions_org"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_redemptions_expiry"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_redemptions_live_code"`);
    await queryRunner.query(`DROP TABLE "redemptions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_pledges_org"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_pledges_status"`);
    await queryRunner.query(`DROP TABLE "pledges"`);
    await queryRunner.query(`DROP TABLE "orgs"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_funds_owner"`);
    await queryRunner.query(`DROP TABLE "funds"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_recommendations_fund"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_recommendations_status"`);
    await queryRunner.query(`DROP TABLE "recommendations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_recurring_due"`);
    await queryRunner.query(`DROP TABLE "recurring_donations"`);
    await queryRunner.query(`DROP TABLE "receipt_counters"`);
    await queryRunner.query(`DROP TABLE "webhook_signatures"`);
    await queryRunner.query(`DROP TABLE "payment_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donations_donor"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donations_payment"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donations_receipt"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donations_recurring_period"`);
    await queryRunner.query(`DROP TABLE "donations"`);
  }
}
