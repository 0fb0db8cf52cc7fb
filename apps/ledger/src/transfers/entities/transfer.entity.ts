import { bigintTransformer } from '@goodloop/money';
import type { Asset, TransferCode } from '@goodloop/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Account } from '../../accounts/entities/account.entity';

/** A pending transfer is `pending` until it is posted or voided; every other transfer keeps its status. */
export const TransferStatuses = ['pending', 'posted', 'voided'] as const;
export type TransferStatus = (typeof TransferStatuses)[number];

/**
 * What a transfer row does: `transfer` moves value now; `pending` holds it (pending totals
 * only); `post` and `void` settle a pending transfer; `reverse` moves a posted one back.
 */
export const TransferOps = ['transfer', 'pending', 'post', 'void', 'reverse'] as const;
export type TransferOp = (typeof TransferOps)[number];

export interface TransferReferences {
  sourceEvent?: string;
  requestedBy?: string;
  description?: string;
}

/**
 * One movement of value: `amount` of `asset` from the debit account to the credit account.
 * The id is the caller's (derived from what caused the transfer), so a retry finds it here.
 * Written once; the database refuses changes to what it moved and refuses deletes.
 */
@Entity({ name: 'transfers' })
@Check('transfers_amount_check', 'amount > 0')
@Check('transfers_accounts_check', 'debit_account_id <> credit_account_id')
@Check('transfers_asset_check', `asset IN ('POINTS', 'CNY')`)
@Check('transfers_status_check', `status IN ('pending', 'posted', 'voided')`)
@Index('transfers_debit_account_id_idx', ['debitAccountId'])
@Index('transfers_credit_account_id_idx', ['creditAccountId'])
@Check('transfers_op_check', `op IN ('transfer', 'pending', 'post', 'void', 'reverse')`)
@Check(
  'transfers_op_shape_check',
  `(op = 'transfer' AND status = 'posted' AND pending_id IS NULL AND reverses_id IS NULL)
          OR (op = 'pending' AND timeout_at IS NOT NULL AND pending_id IS NULL AND reverses_id IS NULL)
          OR (op = 'post' AND status = 'posted' AND pending_id IS NOT NULL AND reverses_id IS NULL)
          OR (op = 'void' AND status = 'voided' AND pending_id IS NOT NULL AND reverses_id IS NULL)
          OR (op = 'reverse' AND status = 'posted' AND reverses_id IS NOT NULL AND pending_id IS NULL)`,
)
@Index('transfers_pending_id_idx', ['pendingId'], { where: 'pending_id IS NOT NULL' })
@Index('transfers_reverses_id_idx', ['reversesId'], { where: 'reverses_id IS NOT NULL' })
@Index('transfers_open_pending_idx', ['timeoutAt'], { where: `status = 'pending'` })
@Index('transfers_expiring_credit_idx', ['creditAccountId', 'expiresAt'], { where: 'expires_at IS NOT NULL' })
export class Transfer {
  @PrimaryColumn('text')
  id: string;

  @Column('uuid', { name: 'debit_account_id' })
  debitAccountId: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'debit_account_id', foreignKeyConstraintName: 'transfers_debit_account_id_fkey' })
  debitAccount?: Relation<Account>;

  @Column('uuid', { name: 'credit_account_id' })
  creditAccountId: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'credit_account_id', foreignKeyConstraintName: 'transfers_credit_account_id_fkey' })
  creditAccount?: Relation<Account>;

  @Column('text')
  asset: Asset;

  @Column('bigint', { transformer: bigintTransformer })
  amount: number;

  @Column('text')
  code: TransferCode;

  @Column('text')
  status: TransferStatus;

  @Column('text', { default: 'transfer' })
  op: TransferOp;

  /** For `post` and `void`: the pending transfer settled. */
  @Column('text', { name: 'pending_id', nullable: true })
  pendingId: string | null;

  @ManyToOne(() => Transfer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pending_id', foreignKeyConstraintName: 'transfers_pending_id_fkey' })
  pending?: Relation<Transfer>;

  /** For `reverse`: the posted transfer moved back. */
  @Column('text', { name: 'reverses_id', nullable: true })
  reversesId: string | null;

  @ManyToOne(() => Transfer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reverses_id', foreignKeyConstraintName: 'transfers_reverses_id_fkey' })
  reverses?: Relation<Transfer>;

  /** For `pending`: when the hold voids itself. */
  @Column('timestamptz', { name: 'timeout_at', nullable: true })
  timeoutAt: Date | null;

  /** For credits that expire (earned points under a programme with a lifetime). */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  /** Who or what caused it: `user:<id>`, `message:<envelopeId>`, `job:<name>`. */
  @Column('text', { name: 'caused_by', default: 'ledger' })
  causedBy: string;

  /** The id shared by transfers that were applied all together or not at all. */
  @Column('text', { name: 'linked_group', nullable: true })
  linkedGroup: string | null;

  @Column('jsonb')
  references: TransferReferences;

  /** sha256 of the canonical content (domain/transfer-rules.ts): tells a retry from a clash. */
  @Column('text', { name: 'content_hash' })
  contentHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
