import { bigintTransformer } from '@goodloop/money';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Part of a pledge's stock offered for points. `available` is what can still be redeemed;
 * `reserved` is held by redemptions whose points are (being) held; `delivered` was handed over.
 * available + reserved + delivered = quantity, always; the checks keep none of them negative.
 */
@Entity({ name: 'rewards' })
@Index('IDX_rewards_catalogue', ['validTo', 'createdAt'])
@Index('IDX_rewards_pledge', ['pledgeId'])
@Check('CHK_rewards_available', 'available >= 0')
@Check('CHK_rewards_reserved', 'reserved >= 0')
@Check('CHK_rewards_balance', 'available + reserved + delivered = quantity')
export class Reward {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_rewards' })
  id: string;

  @Column('uuid', { name: 'pledge_id' })
  pledgeId: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('varchar', { length: 120 })
  title: string;

  @Column('bigint', { name: 'points_price', transformer: bigintTransformer })
  pointsPrice: number;

  @Column('bigint', { transformer: bigintTransformer })
  quantity: number;

  @Column('bigint', { transformer: bigintTransformer })
  available: number;

  @Column('bigint', { transformer: bigintTransformer, default: 0 })
  reserved: number;

  @Column('bigint', { transformer: bigintTransformer, default: 0 })
  delivered: number;

  @Column('integer', { name: 'per_resident_limit' })
  perResidentLimit: number;

  @Column('timestamptz', { name: 'valid_from' })
  validFrom: Date;

  @Column('timestamptz', { name: 'valid_to', nullable: true })
  validTo: Date | null;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
