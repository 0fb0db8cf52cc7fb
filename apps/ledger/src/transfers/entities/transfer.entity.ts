import { bigintTransformer } from '@goodloop/money';
import type { Asset, TransferCode } from '@goodloop/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Account } from '../../accounts/entities/account.entity';

/** `posted` today; `pending` and `voided` are reserved for two-phase transfers. */
export const TransferStatuses = ['pending', 'posted', 'voided'] as const;
export type TransferStatus = (typeof TransferStatuses)[number];

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

  @Column('jsonb')
  references: TransferReferences;

  /** sha256 of the canonical content (domain/transfer-rules.ts): tells a retry from a clash. */
  @Column('text', { name: 'content_hash' })
  contentHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
