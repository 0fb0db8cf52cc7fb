import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The ids of messages a consumer has applied, written in the same transaction as their effect:
 * a message delivered twice finds its id here and is skipped.
 */
@Entity({ name: 'inbox' })
export class InboxMessage {
  @PrimaryColumn('text')
  consumer: string;

  @PrimaryColumn('uuid', { name: 'message_id' })
  messageId: string;

  @Column('text')
  topic: string;

  @Column('timestamptz', { name: 'processed_at', default: () => 'now()' })
  processedAt: Date;
}
