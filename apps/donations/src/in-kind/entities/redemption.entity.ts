import type { RedemptionStatus } from '@goodloop/contracts';
import { bigintTransformer } from '@goodloop/money';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A resident's redemption of a reward: the saga's state (see RedemptionStatuses). Its points
 * hold is the ledger's pending transfer `redeem:<id>`.
 */
@Entity({ name: 'redemptions' })
@Index('IDX_redemptions_resident', ['residentId', 'createdAt'])
@Index('IDX_redemptions_reward_resident', ['rewardId', 'residentId'])
@Index('IDX_redemptions_org', ['orgId', 'status', 'createdAt'])
@Index('IDX_redemptions_expiry', ['status', 'expiresAt'])
// A live code names one redemption at its business, so the code alone finds it at the counter.
@Index('UQ_redemptions_live_code', ['orgId', 'pickupCode'], {
  unique: true,
  where: `status IN ('holding', 'held', 'fulfilling')`,
})
export class Redemption {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_redemptions' })
  id: string;

  @Column('uuid', { name: 'reward_id' })
  rewardId: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('uuid', { name: 'resident_id' })
  residentId: string;

  @Column('bigint', { transformer: bigintTransformer })
  quantity: number;

  @Column('bigint', { transformer: bigintTransformer })
  points: number;

  @Column('varchar', { length: 16 })
  status: RedemptionStatus;

  @Column('char', { name: 'pickup_code', length: 8 })
  pickupCode: string;

  @Column('integer', { name: 'code_attempts', default: 0 })
  codeAttempts: number;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('varchar', { length: 64, nullable: true })
  refusal: string | null;

  @Column('uuid', { name: 'fulfilled_by', nullable: true })
  fulfilledBy: string | null;

  @Column('timestamptz', { name: 'fulfilled_at', nullable: true })
  fulfilledAt: Date | null;

  @Column('timestamptz', { name: 'settled_at', nullable: true })
  settledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
