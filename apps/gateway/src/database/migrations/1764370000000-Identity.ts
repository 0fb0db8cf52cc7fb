import { createMessagingTables, dropMessagingTables } from '@goodloop/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity: users, organisations, memberships, refresh tokens, and the demo-seed marker; plus
 * the outbox and inbox every service has. Generated from the entities, then read and ordered by
 * hand. Emails are stored lower-cased (CHECK), so the UNIQUE constraint is case-insensitive in
 * effect without citext.
 */
export class Identity1764370000000 implements MigrationInterface {
  name = 'Identity1764370000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL,
        "email" text NOT NULL,
        "password_hash" text NOT NULL,
        "display_name" text NOT NULL,
        "locale" text NOT NULL DEFAULT 'zh-CN',
        "platform_roles" text array NOT NULL DEFAULT '{resident}',
        "resident_verified" boolean NOT NULL DEFAULT false,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"),
        CONSTRAINT "users_platform_roles_check" CHECK ("platform_roles" <@ ARRAY['resident', 'admin']::text[]),
        CONSTRAINT "users_locale_check" CHECK ("locale" IN ('zh-CN', 'en')),
        CONSTRAINT "users_email_lowercase_check" CHECK ("email" = lower("email")),
        CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "orgs" (
        "id" uuid NOT NULL,
        "name" text NOT NULL,
        "kind" text NOT NULL,
        "created_by" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "orgs_kind_check" CHECK ("kind" IN ('community', 'social_org', 'business', 'foundation')),
        CONSTRAINT "PK_9eed8bfad4c9e0dc8648e090efe" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "memberships" (
        "org_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "role" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "memberships_role_check" CHECK ("role" IN ('organizer', 'business', 'foundation_staff', 'reviewer', 'member')),
        CONSTRAINT "PK_52cc21abb330c9dec6eb80a8cd7" PRIMARY KEY ("org_id", "user_id", "role")
      )`);
    await queryRunner.query(`CREATE INDEX "memberships_user_idx" ON "memberships" ("user_id")`);
    await queryRunner.query(`
      CREATE TABLE "refresh_tokens" (
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "family_id" uuid NOT NULL,
        "token_hash" text NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_a7838d2ba25be1342091b6695f1" UNIQUE ("token_hash"),
        CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "refresh_tokens_user_idx" ON "refresh_tokens" ("user_id")`);
    await queryRunner.query(`CREATE INDEX "refresh_tokens_family_idx" ON "refresh_tokens" ("family_id")`);
    await queryRunner.query(`
      CREATE TABLE "demo_seed" (
        "name" text NOT NULL,
        "seeded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_1302b9da3c93dafb736796f2e10" PRIMARY KEY ("name")
      )`);
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "orgs" ADD CONSTRAINT "FK_e44e18b6b3c9f68ddaca2d10763" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_8c6a511c72951c42e008f5537dc" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_8c6a511c72951c42e008f5537dc"`);
    await queryRunner.query(`ALTER TABLE "orgs" DROP CONSTRAINT "FK_e44e18b6b3c9f68ddaca2d10763"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
    await queryRunner.query(`DROP TABLE "demo_seed"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_family_idx"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_user_idx"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."memberships_user_idx"`);
    await queryRunner.query(`DROP TABLE "memberships"`);
    await queryRunner.query(`DROP TABLE "orgs"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await dropMessagingTables(queryRunner);
  }
}
