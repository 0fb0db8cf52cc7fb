import type { FundKind } from '@goodloop/contracts';
import { bigintTransformer } from '@goodloop/money';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A fund: the community fund, a grant round's pool, or a donor's donor-advised fund. Its money
 * is the ledger's account `fund:<id>` (CNY); `balance_fen` is the ledger's posted balance as
 * learnt from `ledger.transfer.posted.v1`, never computed here.
 */
@Entity({ name: 'funds' })
@Index('IDX_funds_owner', ['ownerId'])
export class Fund {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_funds' })
  id: string;

  @Column('varchar', { length: 16 })
  kind: FundKind;

  @Column('varchar', { length: 120 })
  name: string;

  @Column('varchar', { length: 1000, default: '' })
  description: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  /** The donor of a donor-advised fund; null for the others. */
  @Column('uuid', { name: 'owner_id', nullable: true })
  ownerId: string | null;

  @Column('bigint', { name: 'max_donation_fen', transformer: bigintTransformer })
  maxDonationFen: number;

  @Column('bigint', { name: 'balance_fen', transformer: bigintTransformer, default: 0 })
  balanceFen: number;

  @Column('bigint', { name: 'received_fen', transformer: bigintTransformer, default: 0 })
  receivedFen: number;

  @Column('integer', { name: 'donation_count', default: 0 })
  donationCount: number;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
