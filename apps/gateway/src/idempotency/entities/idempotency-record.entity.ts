import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One `Idempotency-Key` a user sent to one route: the hash of the request it came with and,
 * once answered, the answer to replay. `completed_at` is null while the first request runs.
 */
@Entity('idempotency_records')
@Index('IDX_idempotency_records_created_at', ['createdAt'])
export class IdempotencyRecord {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'PK_idempotency_records' })
  userId!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_idempotency_records' })
  route!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_idempotency_records' })
  key!: string;

  @Column('text', { name: 'request_hash' })
  requestHash!: string;

  @Column('int', { name: 'status', nullable: true })
  status!: number | null;

  @Column('jsonb', { name: 'headers', nullable: true })
  headers!: Record<string, string> | null;

  @Column('bytea', { name: 'body', nullable: true })
  body!: Buffer | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}
