import { bigintTransformer } from '@goodloop/money';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A monthly gift until cancelled; the schedule charges it when `next_charge_at` has come. */
@Entity({ name: 'recurring_donations' })
@Index('IDX_recurring_due', ['status', 'nextChargeAt'])
export class RecurringDonation {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_recurring_donations' })
  id: string;

  @Column('uuid', { name: 'fund_id' })
  fundId: string;

  @Column('uuid', { name: 'donor_id' })
  donorId: string;

  @Column('varchar', { name: 'donor_name', length: 64 })
  donorName: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintTransformer })
  amountFen: number;

  @Column('varchar', { length: 200, default: '' })
  message: string;

  @Column('varchar', { length: 16 })
  status: 'active' | 'cancelled';

  @Column('timestamptz', { name: 'next_charge_at' })
  nextChargeAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
