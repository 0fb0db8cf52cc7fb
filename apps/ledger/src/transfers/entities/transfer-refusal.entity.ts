import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A transfer id the ledger refused and reported refused (an HTTP 4xx from a rule, a
 * `ledger.transfer.rejected.v1`). The id stays refused: the same command again gets this same
 * answer, another command under the id is TRANSFER_ID_CONFLICT, and it never posts — even when
 * the reason has gone away since (the wallet was topped up, the account unfrozen). Written by
 * the posting engine in the transaction that writes the rejected event's outbox row.
 * Append-only: the database refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity({ name: 'transfer_refusals' })
export class TransferRefusal {
  @PrimaryColumn('text', { name: 'transfer_id' })
  transferId: string;

  /** The rule that refused it (`LedgerRule`), as the first answer gave it. */
  @Column('text', { name: 'reason_code' })
  reasonCode: string;

  @Column('text')
  message: string;

  /** The refused command's fingerprint (`commandHash`), the same hash a posted transfer keeps. */
  @Column('text', { name: 'content_hash' })
  contentHash: string;

  @Column('text')
  op: string;

  /** `user:<id>` or `message:<envelopeId>`: who asked. */
  @Column('text', { name: 'caused_by' })
  causedBy: string;

  /** The id of the `ledger.transfer.rejected.v1` written with it; null for an HTTP refusal. */
  @Column('uuid', { name: 'message_id', nullable: true })
  messageId: string | null;

  @CreateDateColumn({ name: 'refused_at', type: 'timestamptz' })
  refusedAt: Date;
}
