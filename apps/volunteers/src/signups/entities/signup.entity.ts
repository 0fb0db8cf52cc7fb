import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Activity } from '../../activities/entities/activity.entity';
import type { SignupStatus } from '../../domain/waitlist';

/**
 * One person's place (or place in line) for one activity. A cancelled signup stays as history;
 * signing up again makes a new row. At most one non-cancelled signup per person and activity.
 *
 * Waitlist positions are unique per activity, checked at commit (DEFERRABLE): shifting the line
 * up by one passes through moments where two rows briefly share a number.
 */
@Entity({ name: 'signups' })
@Index('UQ_signups_active_user', ['activityId', 'userId'], { unique: true, where: `"status" <> 'cancelled'` })
@Index('IDX_signups_user', ['userId'])
@Unique('UQ_signups_waitlist_position', ['activityId', 'waitlistPosition'], { deferrable: 'INITIALLY DEFERRED' })
@Check('CHK_signups_status', `"status" IN ('confirmed', 'waitlisted', 'cancelled')`)
@Check('CHK_signups_waitlist_position', `("status" = 'waitlisted') = ("waitlist_position" IS NOT NULL)`)
export class Signup {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_signups' })
  id: string;

  @Column('uuid', { name: 'activity_id' })
  activityId: string;

  @ManyToOne(() => Activity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'activity_id', foreignKeyConstraintName: 'FK_signups_activity' })
  activity?: Relation<Activity>;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('varchar', { length: 16 })
  status: SignupStatus;

  @Column('integer', { name: 'waitlist_position', nullable: true })
  waitlistPosition: number | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt: Date | null;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
