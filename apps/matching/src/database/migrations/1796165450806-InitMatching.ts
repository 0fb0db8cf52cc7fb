import { addOutboxParking, createMessagingTables, dropMessagingTables, dropOutboxParking } from '@goodloop/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and inbox every service has; the service's own tables come in later migrations. */
export class InitMatching1796165450806 implements MigrationInterface {
  name = 'InitMatching1796165450806';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    await addOutboxParking(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOutboxParking(queryRunner);
    await dropMessagingTables(queryRunner);
  }
}
