import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn, type Relation } from 'typeorm';
import { Activity } from '../../activities/entities/activity.entity';
import type { AttendanceStatus } from '../../domain/attendance-rules';
import { Signup } from '../../signups/entities/signup.entity';

/**
 * One person's presence at one activity: checked in → checked out → verified, or, for a raise
 * beyond the programme's threshold, checked out → pending approval → verified (a second manager
 * approves) or back to checked out (rejected). Verification is
 * a conditional update (`WHERE status = 'checked_out'`) in the same transaction as the outbox
 * row of the hours-verified event, so the event exists exactly once per attendance.
 */
@Entity({ name: 'attendance' })
@Unique('UQ_attendance_activity_user', ['activityId', 'userId'])
@Check('CHK_attendance_status', `"status" IN ('checked_in', 'checked_out', 'pending_approval', 'verified')`)
@Check(
  'CHK_attendance_proposal',
  `("status" <> 'pending_approval' OR ("proposed_minutes" IS NOT NULL AND "proposed_by" IS NOT NULL AND "proposed_at" IS NOT NULL)) AND "proposed_minutes" BETWEEN 0 AND 1440`,
)
@Check('CHK_attendance_minutes', `"recorded_minutes" BETWEEN 0 AND 1440 AND "verified_minutes" BETWEEN 0 AND 1440`)
export class Attendance {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_attendance' })
  id: string;

  @Column('uuid', { name: 'activity_id' })
  activityId: string;

  @ManyToOne(() => Activity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'activity_id', foreignKeyConstraintName: 'FK_attendance_activity' })
  activity?: Relation<Activity>;

  @Column('uuid', { name: 'signup_id' })
  signupId: string;

  @ManyToOne(() => Signup, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signup_id', foreignKeyConstraintName: 'FK_attendance_signup' })
  signup?: Relation<Signup>;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('varchar', { length: 16 })
  status: AttendanceStatus;

  @Column('timestamptz', { name: 'check_in_at' })
  checkInAt: Date;

  @Column('uuid', { name: 'checked_in_by' })
  checkedInBy: string;

  @Column('timestamptz', { name: 'check_out_at', nullable: true })
  checkOutAt: Date | null;

  @Column('uuid', { name: 'checked_out_by', nullable: true })
  checkedOutBy: string | null;

  @Column('integer', { name: 'recorded_minutes', nullable: true })
  recordedMinutes: number | null;

  @Column('integer', { name: 'verified_minutes', nullable: true })
  verifiedMinutes: number | null;

  @Column('varchar', { name: 'correction_reason', length: 500, nullable: true })
  correctionReason: string | null;

  @Column('uuid', { name: 'verified_by', nullable: true })
  verifiedBy: string | null;

  @Column('timestamptz', { name: 'verified_at', nullable: true })
  verifiedAt: Date | null;

  /** While pending_approval: the raised minutes a manager proposed, why, who and when. */
  @Column('integer', { name: 'proposed_minutes', nullable: true })
  proposedMinutes: number | null;

  @Column('varchar', { name: 'proposal_reason', length: 500, nullable: true })
  proposalReason: string | null;

  @Column('uuid', { name: 'proposed_by', nullable: true })
  proposedBy: string | null;

  @Column('timestamptz', { name: 'proposed_at', nullable: true })
  proposedAt: Date | null;

  /** Why the last proposed raise was turned down; cleared when the attendance is verified. */
  @Column('varchar', { name: 'rejection_reason', length: 500, nullable: true })
  rejectionReason: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
