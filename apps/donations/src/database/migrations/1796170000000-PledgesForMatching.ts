import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pledges say what they are in matching's vocabulary, where the pickup place is and whom the
 * donor wants them to help; stock set aside for matched needs is recorded per match.
 */
export class PledgesForMatching1796170000000 implements MigrationInterface {
  name = 'PledgesForMatching1796170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pledges" ADD "item_category" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "pledges" ADD "pickup_lat" double precision`);
    await queryRunner.query(`ALTER TABLE "pledges" ADD "pickup_lng" double precision`);
    await queryRunner.query(`ALTER TABLE "pledges" ADD "for_beneficiaries" character varying(32) array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `CREATE TABLE "pledge_allocations" ("match_id" uuid NOT NULL, "pledge_id" uuid NOT NULL, "need_id" uuid NOT NULL, "need_title" character varying(120) NOT NULL, "need_org_id" uuid NOT NULL, "requested" bigint NOT NULL, "allocated" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_pledge_allocations" PRIMARY KEY ("match_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_pledge_allocations_pledge" ON "pledge_allocations" ("pledge_id", "created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_pledge_allocations_pledge"`);
    await queryRunner.query(`DROP TABLE "pledge_allocations"`);
    await queryRunner.query(`ALTER TABLE "pledges" DROP COLUMN "for_beneficiaries"`);
    await queryRunner.query(`ALTER TABLE "pledges" DROP COLUMN "pickup_lng"`);
    await queryRunner.query(`ALTER TABLE "pledges" DROP COLUMN "pickup_lat"`);
    await queryRunner.query(`ALTER TABLE "pledges" DROP COLUMN "item_category"`);
  }
}
