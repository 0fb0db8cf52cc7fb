import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What volunteers knows of a programme's earn rule versions (read model of
 * `ledger.earn-rule.created.v1`): enough to bound the points per hour an activity advertises.
 */
@Entity({ name: 'programme_earn_rules' })
@Check('CHK_programme_earn_rules_raise', `"raise_approval_minutes" IS NULL OR "raise_approval_minutes" BETWEEN 0 AND 1440`)
@Check('CHK_programme_earn_rules_max', `"max_points_per_hour" IS NULL OR "max_points_per_hour" BETWEEN 0 AND 1000`)
export class ProgrammeEarnRule {
  @PrimaryColumn('varchar', { name: 'programme_id', length: 64, primaryKeyConstraintName: 'PK_programme_earn_rules' })
  programmeId: string;

  @PrimaryColumn('integer', { primaryKeyConstraintName: 'PK_programme_earn_rules' })
  version: number;

  @Column('timestamptz', { name: 'effective_from' })
  effectiveFrom: Date;

  /** null: up to the platform's 1,000. */
  @Column('integer', { name: 'max_points_per_hour', nullable: true })
  maxPointsPerHour: number | null;

  /** A raise above the recorded minutes by more than this needs a second manager; null: 60. */
  @Column('integer', { name: 'raise_approval_minutes', nullable: true })
  raiseApprovalMinutes: number | null;
}
