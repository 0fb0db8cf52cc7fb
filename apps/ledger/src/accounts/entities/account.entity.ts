import { bigintTransformer } from '@goodloop/money';
import type { Asset } from '@goodloop/contracts';
import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';
import type { AccountKind } from '../../domain';

/**
 * One account in one asset. The four totals only ever grow (TigerBeetle's model): the balance
 * is derived, credits − debits, so no update can quietly rewrite history. The database itself
 * refuses a non-negative account whose available balance would drop below zero.
 */
@Entity({ name: 'accounts' })
@Unique('accounts_key_asset_key', ['key', 'asset'])
@Check('accounts_asset_check', `asset IN ('POINTS', 'CNY')`)
@Check(
  'accounts_kind_check',
  `kind IN ('user_wallet', 'organisation', 'fund', 'issuance', 'external', 'expiry_sink', 'redemption_sink')`,
)
@Check('accounts_totals_check', 'debits_posted >= 0 AND credits_posted >= 0 AND debits_pending >= 0 AND credits_pending >= 0')
@Check('accounts_non_negative_check', 'allow_negative OR credits_posted - debits_posted - debits_pending >= 0')
export class Account {
  /** A UUIDv7 chosen by the service: time-ordered, so new accounts land at the end of the index. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  key: string;

  @Column('text')
  asset: Asset;

  @Column('text')
  kind: AccountKind;

  @Column('boolean', { name: 'allow_negative' })
  allowNegative: boolean;

  @Column('boolean', { default: false })
  frozen: boolean;

  @Column('bigint', { name: 'debits_posted', default: 0, transformer: bigintTransformer })
  debitsPosted: number;

  @Column('bigint', { name: 'credits_posted', default: 0, transformer: bigintTransformer })
  creditsPosted: number;

  @Column('bigint', { name: 'debits_pending', default: 0, transformer: bigintTransformer })
  debitsPending: number;

  @Column('bigint', { name: 'credits_pending', default: 0, transformer: bigintTransformer })
  creditsPending: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
