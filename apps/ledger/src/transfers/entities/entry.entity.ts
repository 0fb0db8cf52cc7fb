import { bigintTransformer } from '@goodloop/money';
import type { Asset } from '@goodloop/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Account } from '../../accounts/entities/account.entity';
import { Transfer } from './transfer.entity';

/**
 * One side of a transfer on one account's statement (Open Collective's double entry): −amount
 * on the debit account, +amount on the credit account, so a transfer's entries sum to zero and
 * so do all entries of an asset. `balanceAfter` is the account's posted balance once this entry
 * applied — a running balance the statement shows without summing history. Append-only.
 */
@Entity({ name: 'entries' })
@Check('entries_amount_check', 'amount <> 0')
@Check('entries_asset_check', `asset IN ('POINTS', 'CNY')`)
@Index('entries_account_id_id_idx', ['accountId', 'id'])
@Index('entries_account_id_created_at_idx', ['accountId', 'createdAt'])
@Index('entries_transfer_id_idx', ['transferId'])
export class Entry {
  /** bigserial: the order entries were written in, and the statement's pagination key. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('text', { name: 'transfer_id' })
  transferId: string;

  @ManyToOne(() => Transfer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'transfer_id', foreignKeyConstraintName: 'entries_transfer_id_fkey' })
  transfer?: Relation<Transfer>;

  @Column('uuid', { name: 'account_id' })
  accountId: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'entries_account_id_fkey' })
  account?: Relation<Account>;

  @Column('text')
  asset: Asset;

  /** Signed: negative on the debit side, positive on the credit side. */
  @Column('bigint', { transformer: bigintTransformer })
  amount: number;

  @Column('bigint', { name: 'balance_after', transformer: bigintTransformer })
  balanceAfter: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
