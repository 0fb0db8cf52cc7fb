import type { DonationStatus } from '@goodloop/contracts';
import { bigintTransformer } from '@goodloop/money';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A cash gift: awaiting the provider's confirmation, then confirmed with its receipt number. */
@Entity({ name: 'donations' })
@Index('IDX_donations_donor', ['donorId', 'createdAt'])
@Index('UQ_donations_payment', ['provider', 'paymentId'], { unique: true })
@Index('UQ_donations_receipt', ['orgId', 'receiptYear', 'receiptSeq'], { unique: true })
@Index('UQ_donations_recurring_period', ['recurringId', 'period'], { unique: true })
export class Donation {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_donations' })
  id: string;

  @Column('uuid', { name: 'fund_id' })
  fundId: string;

  /** The fund's organisation, which numbers the receipt. */
  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('uuid', { name: 'donor_id' })
  donorId: string;

  @Column('varchar', { name: 'donor_name', length: 64 })
  donorName: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintTransformer })
  amountFen: number;

  @Column('varchar', { length: 200, default: '' })
  message: string;

  @Column('varchar', { length: 20 })
  status: DonationStatus;

  @Column('varchar', { length: 32 })
  provider: string;

  @Column('varchar', { name: 'payment_id', length: 128 })
  paymentId: string;

  @Column('uuid', { name: 'recurring_id', nullable: true })
  recurringId: string | null;

  /** For a monthly gift: the month it is for (`2026-12`), one gift per plan and month. */
  @Column('varchar', { length: 7, nullable: true })
  period: string | null;

  @Column('integer', { name: 'receipt_year', nullable: true })
  receiptYear: number | null;

  @Column('integer', { name: 'receipt_seq', nullable: true })
  receiptSeq: number | null;

  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt: Date | null;

  @Column('boolean', { default: false })
  posted: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
