import { bigintTransformer } from '@goodloop/money';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { EarnRule } from './earn-rule.entity';

/** What one earn paid and why: the rule version, the local day the caps counted it on. */
@Entity({ name: 'earn_log' })
@Check('earn_log_points_check', 'points >= 0 AND uncapped_points >= points')
@Index('earn_log_user_day_idx', ['userId', 'programmeId', 'localDay'])
export class EarnLogEntry {
  @PrimaryColumn('text', { name: 'transfer_id' })
  transferId: string;

  @Column('text', { name: 'user_id' })
  userId: string;

  @Column('text', { name: 'programme_id' })
  programmeId: string;

  @Column('integer', { name: 'rule_version' })
  ruleVersion: number;

  @ManyToOne(() => EarnRule, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'programme_id', referencedColumnName: 'programmeId', foreignKeyConstraintName: 'earn_log_rule_fkey' },
    { name: 'rule_version', referencedColumnName: 'version' },
  ])
  rule?: Relation<EarnRule>;

  @Column('date', { name: 'local_day' })
  localDay: string;

  /** Paid, after the caps. */
  @Column('bigint', { transformer: bigintTransformer })
  points: number;

  /** What the rule gave before the caps. */
  @Column('bigint', { name: 'uncapped_points', transformer: bigintTransformer })
  uncappedPoints: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
