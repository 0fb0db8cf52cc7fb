import { addOutboxParking, createMessagingTables, dropMessagingTables, dropOutboxParking } from '@goodloop/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and inbox every service has; the service's own tables come in later migrations. */
export class Init__Name____migration__ implements MigrationInterface {
  name = 'Init__Name____migration__';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    await addOutboxParking(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOutboxParking(queryRunner);
    await dropMessagingTables(queryRunner);
  }
}
