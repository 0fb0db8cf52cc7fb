import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roles and accounts: organisations remember the foundation that supports them, memberships
 * come from accepted invitations, and an admin may disable an account or freeze its wallet.
 */
export class RolesAndAccounts1796601600000 implements MigrationInterface {
  name = 'RolesAndAccounts1796601600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "orgs" ADD "supported_by" uuid`);
    await queryRunner.query(
      `ALTER TABLE "orgs" ADD CONSTRAINT "FK_c4942c3f911c603bafdf42faf20" FOREIGN KEY ("supported_by") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "wallet_frozen_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`
      CREATE TABLE "invitations" (
        "id" uuid NOT NULL,
        "org_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "role" text NOT NULL,
        "invited_by" uuid NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "responded_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "invitations_status_check" CHECK ("status" IN ('pending', 'accepted', 'declined')),
        CONSTRAINT "invitations_role_check" CHECK ("role" IN ('organizer', 'business', 'foundation_staff', 'reviewer', 'member')),
        CONSTRAINT "PK_invitations" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "invitations_user_idx" ON "invitations" ("user_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "invitations_pending_key" ON "invitations" ("org_id", "user_id", "role") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_5267611dcc50f78999dbf54f461" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_fecdffec754fa4d5cea98709776" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_29b1cef6891d9b9d4e35f793b81" FOREIGN KEY ("invited_by") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "invitations"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "wallet_frozen_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "disabled_at"`);
    await queryRunner.query(`ALTER TABLE "orgs" DROP CONSTRAINT "FK_c4942c3f911c603bafdf42faf20"`);
    await queryRunner.query(`ALTER TABLE "orgs" DROP COLUMN "supported_by"`);
  }
}
