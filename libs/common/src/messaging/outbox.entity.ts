import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message waiting to be published. Written in the same transaction as the state change that
 * caused it; the relay publishes rows in id order and stamps `published_at`.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_idx', ['id'], { where: 'published_at IS NULL' })
@Index('outbox_parked_idx', ['id'], { where: 'parked_at IS NOT NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'message_id', unique: true })
  messageId: string;

  @Column('text')
  topic: string;

  @Column('text')
  key: string;

  @Column('jsonb')
  envelope: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  /** Sends the broker refused (an answer, not an unreachable broker). */
  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  /** Set after OUTBOX_MAX_ATTEMPTS refusals: kept, skipped by the relay, reported by health. */
  @Column('timestamptz', { name: 'parked_at', nullable: true })
  parkedAt: Date | null;
}
