import { addOutboxParking, dropOutboxParking } from '@goodloop/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox rows the broker keeps refusing are parked, not retried ahead of everything else. */
export class OutboxParking1796515200000 implements MigrationInterface {
  name = 'OutboxParking1796515200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addOutboxParking(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOutboxParking(queryRunner);
  }
}
