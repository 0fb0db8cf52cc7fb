import { bigintTransformer } from '@goodloop/money';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Stock set aside for a community need through an accepted match: one row per match (so an
 * acceptance delivered twice allocates once), with what was asked and what there was.
 */
@Entity({ name: 'pledge_allocations' })
@Index('IDX_pledge_allocations_pledge', ['pledgeId', 'createdAt'])
export class PledgeAllocation {
  @PrimaryColumn('uuid', { name: 'match_id', primaryKeyConstraintName: 'PK_pledge_allocations' })
  matchId: string;

  @Column('uuid', { name: 'pledge_id' })
  pledgeId: string;

  @Column('uuid', { name: 'need_id' })
  needId: string;

  @Column('varchar', { name: 'need_title', length: 120 })
  needTitle: string;

  @Column('uuid', { name: 'need_org_id' })
  needOrgId: string;

  @Column('bigint', { transformer: bigintTransformer })
  requested: number;

  @Column('bigint', { transformer: bigintTransformer })
  allocated: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
