import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Activity } from '../../activities/entities/activity.entity';

/**
 * Wrong check-in codes one resident has typed for one activity. Six digits are a million codes,
 * but a resident who may try without end finds the code in minutes; after
 * `MAX_WRONG_CHECK_IN_CODES` wrong tries the resident's own check-in and check-out with a code
 * are refused, even with the right one (the organizer can still record them). Counted in the
 * database under a row lock, so concurrent tries and several service instances count exactly.
 */
@Entity({ name: 'check_in_attempts' })
@Check('CHK_check_in_attempts_failures', `"failures" >= 0`)
export class CheckInAttempt {
  @PrimaryColumn('uuid', { name: 'activity_id', primaryKeyConstraintName: 'PK_check_in_attempts' })
  activityId: string;

  @ManyToOne(() => Activity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activity_id', foreignKeyConstraintName: 'FK_check_in_attempts_activity' })
  activity?: Relation<Activity>;

  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'PK_check_in_attempts' })
  userId: string;

  @Column('integer', { default: 0 })
  failures: number;

  @Column('timestamptz', { name: 'last_failed_at', nullable: true })
  lastFailedAt: Date | null;
}
