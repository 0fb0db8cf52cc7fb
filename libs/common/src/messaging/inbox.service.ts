import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Applies a message's effect at most once per consumer: the message id goes into the inbox in
 * the same transaction as the effect, so a redelivery (after a crash, a rebalance, a duplicate
 * publish) finds it and does nothing.
 */
@Injectable()
export class InboxService {
  constructor(private readonly dataSource: DataSource) {}

  async runOnce(
    consumer: string,
    messageId: string,
    topic: string,
    work: (manager: EntityManager) => Promise<void>,
  ): Promise<{ applied: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO inbox (consumer, message_id, topic) VALUES ($1, $2, $3)
         ON CONFLICT (consumer, message_id) DO NOTHING RETURNING message_id`,
        [consumer, messageId, topic],
      )) as unknown[];
      if (inserted.length === 0) return { applied: false };
      await work(manager);
      return { applied: true };
    });
  }
}
