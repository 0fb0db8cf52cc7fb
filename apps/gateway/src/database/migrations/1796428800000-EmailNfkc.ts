import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Emails are stored in one form, NFKC and lower case, so look-alike spellings (full-width
 * letters, ligatures) are one account. Addresses stored before are brought to that form; two
 * accounts that become one address stop the migration on the unique constraint, for an operator
 * to merge by hand rather than for the database to pick one.
 */
export class EmailNfkc1796428800000 implements MigrationInterface {
  name = 'EmailNfkc1796428800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "users" SET "email" = lower(normalize("email", NFKC)) WHERE "email" <> lower(normalize("email", NFKC))`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "users_email_lowercase_check"`);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_email_normalised_check" CHECK ("email" = lower(normalize("email", NFKC)))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "users_email_normalised_check"`);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "users_email_lowercase_check" CHECK ("email" = lower("email"))`);
  }
}
