import type { ActivityCategory } from '@goodloop/contracts';
import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * One version of a programme's earn rule. Versions are never edited: a change is a new version
 * with its own `effectiveFrom`, so an earn is always explained by the version in force when
 * the hours were verified (recorded in the earn log).
 */
@Entity({ name: 'earn_rules' })
@Unique('earn_rules_effective_key', ['programmeId', 'effectiveFrom'])
@Check('earn_rules_version_check', 'version >= 1')
@Check('earn_rules_max_points_per_hour_check', 'max_points_per_hour IS NULL OR max_points_per_hour BETWEEN 0 AND 1000')
@Check(
  'earn_rules_raise_approval_minutes_check',
  'raise_approval_minutes IS NULL OR raise_approval_minutes BETWEEN 0 AND 1440',
)
@Check(
  'earn_rules_numbers_check',
  `(points_per_hour IS NULL OR points_per_hour BETWEEN 0 AND 1000)
          AND (daily_cap IS NULL OR daily_cap >= 0)
          AND (monthly_cap IS NULL OR monthly_cap >= 0)
          AND (lifetime_days IS NULL OR lifetime_days >= 1)`,
)
export class EarnRule {
  @PrimaryColumn('text', { name: 'programme_id' })
  programmeId: string;

  @PrimaryColumn('integer')
  version: number;

  @Column('timestamptz', { name: 'effective_from' })
  effectiveFrom: Date;

  /** null: the activity's own points per hour. */
  @Column('integer', { name: 'points_per_hour', nullable: true })
  pointsPerHour: number | null;

  /** The most points per hour an activity of the programme may advertise; null: up to 1,000. */
  @Column('integer', { name: 'max_points_per_hour', nullable: true })
  maxPointsPerHour: number | null;

  /**
   * A correction raising an attendance by more than this many minutes needs a second manager of
   * the organisation (volunteers enforces it); null: 60.
   */
  @Column('integer', { name: 'raise_approval_minutes', nullable: true })
  raiseApprovalMinutes: number | null;

  /** Fixed points added per verified attendance, by activity category. */
  @Column('jsonb', { name: 'category_bonus', default: {} })
  categoryBonus: Partial<Record<ActivityCategory, number>>;

  @Column('integer', { name: 'daily_cap', nullable: true })
  dailyCap: number | null;

  @Column('integer', { name: 'monthly_cap', nullable: true })
  monthlyCap: number | null;

  /** null: earned points keep; else they expire this many days after they were earned. */
  @Column('integer', { name: 'lifetime_days', nullable: true })
  lifetimeDays: number | null;

  /** The days and months the caps count in. */
  @Column('text', { name: 'time_zone', default: 'Asia/Shanghai' })
  timeZone: string;

  @Column('text', { name: 'created_by' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
