import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The users read model learns when the gateway disables an account (`gateway.user.status.changed.v1`). */
export class UserDisabled1796601600000 implements MigrationInterface {
  name = 'UserDisabled1796601600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "disabled_at"`);
  }
}
