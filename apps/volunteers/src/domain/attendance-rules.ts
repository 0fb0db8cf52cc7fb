import { MAX_ATTENDANCE_MINUTES, type AttendanceAction, type AttendanceStatus } from '@goodloop/contracts';
import { HOUR_MS, MINUTE_MS, scheduledMinutes, type Schedule } from './schedule';
import type { SignupStatus } from './waitlist';

/**
 * Check-in, check-out and verification rules. Organizers record attendance for anyone holding a
 * confirmed place, at any time; residents check themselves in with the code, and only while
 * the activity runs.
 */

/** Residents may check in from 30 minutes before the start … */
export const CHECK_IN_OPENS_BEFORE_START_MS = 30 * MINUTE_MS;
/** … and check out until 2 hours after the end. */
export const CHECK_OUT_CLOSES_AFTER_END_MS = 2 * HOUR_MS;
/** Recorded time may exceed the schedule by at most an hour (set-up, clearing away). */
export const MAX_OVERTIME_MINUTES = 60;
/** One attendance is at most a day; it is also the bound of the hours-verified message. */
export { MAX_ATTENDANCE_MINUTES };
export type { AttendanceAction, AttendanceStatus };
export type RecordedBy = 'organizer' | 'self';

/** Check-in window, both ends included: [start − 30 min, end]. */
export function isWithinCheckInWindow(schedule: Schedule, now: Date): boolean {
  const t = now.getTime();
  return t >= schedule.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_START_MS && t <= schedule.endsAt.getTime();
}

/** Check-out window, both ends included: [check-in, end + 2 h]. */
export function isWithinCheckOutWindow(schedule: Schedule, checkInAt: Date, now: Date): boolean {
  const t = now.getTime();
  return t >= checkInAt.getTime() && t <= schedule.endsAt.getTime() + CHECK_OUT_CLOSES_AFTER_END_MS;
}

/**
 * Minutes to record for one attendance: whole minutes between check-in and check-out, capped at
 * the scheduled duration plus an hour (and never above a day).
 *
 * Worked example: a 09:00–11:00 activity (120 min) caps at 180. Checked in 08:50:30, out
 * 11:20:10 → 149 min 40 s → 149. Checked in 08:40, out 12:45 → 245 → capped to 180.
 */
export function recordedMinutes(schedule: Schedule, checkInAt: Date, checkOutAt: Date): number {
  const elapsed = Math.max(0, Math.floor((checkOutAt.getTime() - checkInAt.getTime()) / MINUTE_MS));
  const cap = Math.min(scheduledMinutes(schedule) + MAX_OVERTIME_MINUTES, MAX_ATTENDANCE_MINUTES);
  return Math.min(elapsed, cap);
}

export type AttendanceRefusal =
  'NOT_CONFIRMED' | 'ALREADY_CHECKED_IN' | 'NOT_CHECKED_IN' | 'ALREADY_CHECKED_OUT' | 'OUTSIDE_CHECK_IN_WINDOW';

export interface AttendanceTransitionInput {
  action: AttendanceAction;
  recordedBy: RecordedBy;
  /** The person's active signup, or null when they hold none. */
  signupStatus: SignupStatus | null;
  attendance: { status: AttendanceStatus; checkInAt: Date } | null;
  schedule: Schedule;
  now: Date;
}

/** Why this check-in or check-out may not happen, or null when it may. */
export function refuseAttendance(input: AttendanceTransitionInput): AttendanceRefusal | null {
  const { action, recordedBy, signupStatus, attendance, schedule, now } = input;
  if (action === 'check_in') {
    if (signupStatus !== 'confirmed') return 'NOT_CONFIRMED';
    if (attendance) return 'ALREADY_CHECKED_IN';
    if (recordedBy === 'self' && !isWithinCheckInWindow(schedule, now)) return 'OUTSIDE_CHECK_IN_WINDOW';
    return null;
  }
  if (!attendance) return 'NOT_CHECKED_IN';
  if (attendance.status !== 'checked_in') return 'ALREADY_CHECKED_OUT';
  if (recordedBy === 'self' && !isWithinCheckOutWindow(schedule, attendance.checkInAt, now)) return 'OUTSIDE_CHECK_IN_WINDOW';
  return null;
}

export type VerificationRefusal =
  | 'SELF_VERIFICATION'
  | 'NOT_CHECKED_OUT'
  | 'ATTENDANCE_ALREADY_VERIFIED'
  | 'REASON_REQUIRED'
  | 'RAISE_ABOVE_SCHEDULE'
  | 'PENDING_APPROVAL';

export interface VerificationDecision {
  minutes: number;
  reason: string | null;
  /**
   * The raise above the recorded minutes exceeds the programme's threshold: the attendance waits
   * for a second manager (`pending_approval`) instead of being verified.
   */
  needsApproval: boolean;
}

export interface Verifier {
  /** Who asks to verify. */
  userId: string;
  /** The activity's scheduled length, the most a correction may raise the minutes to. */
  scheduledMinutes: number;
  /** How far above the recorded minutes one manager may raise alone (the programme's rule). */
  raiseApprovalMinutes: number;
}

/**
 * What verifying an attendance records. The organizer confirms the recorded minutes, or corrects
 * them with a reason: recorded 149, verified 150 without a reason → refused; with "signed the
 * paper list at 11:30" → 150.
 *
 * Nobody verifies their own attendance: an organizer who signed up to his own activity needs
 * another manager of the organisation (otherwise he could check in, check out at once and
 * credit himself a day).
 *
 * A correction may lower the minutes freely, but raise them only up to the scheduled length: of
 * a 09:00–11:00 activity (120 min) with 30 recorded, 120 is accepted with a reason, 121 is not.
 * Confirming recorded overtime (up to schedule + 1 h, see `recordedMinutes`) stays possible;
 * raising it further is not.
 *
 * Two-person rule (OWASP ASVS 2.3.5): a raise by more than the programme's
 * `raiseApprovalMinutes` (60 by default) is not verified but proposed: with 30 recorded, 90 is
 * verified at once (+60), 91 waits for a second manager (+61). Lowering never needs one.
 */
export function decideVerification(
  attendance: { status: AttendanceStatus; recordedMinutes: number | null; userId: string },
  request: { minutes?: number; reason?: string },
  verifier: Verifier,
): { ok: true; decision: VerificationDecision } | { ok: false; refusal: VerificationRefusal } {
  if (attendance.userId === verifier.userId) return { ok: false, refusal: 'SELF_VERIFICATION' };
  if (attendance.status === 'verified') return { ok: false, refusal: 'ATTENDANCE_ALREADY_VERIFIED' };
  if (attendance.status === 'pending_approval') return { ok: false, refusal: 'PENDING_APPROVAL' };
  if (attendance.status !== 'checked_out' || attendance.recordedMinutes === null)
    return { ok: false, refusal: 'NOT_CHECKED_OUT' };
  const reason = request.reason?.trim() ? request.reason.trim() : null;
  const minutes = request.minutes ?? attendance.recordedMinutes;
  if (minutes > attendance.recordedMinutes && minutes > verifier.scheduledMinutes)
    return { ok: false, refusal: 'RAISE_ABOVE_SCHEDULE' };
  if (minutes !== attendance.recordedMinutes && reason === null) return { ok: false, refusal: 'REASON_REQUIRED' };
  const needsApproval = minutes - attendance.recordedMinutes > verifier.raiseApprovalMinutes;
  return { ok: true, decision: { minutes, reason, needsApproval } };
}

export type ApprovalRefusal = 'SELF_VERIFICATION' | 'OWN_PROPOSAL' | 'NOT_PENDING_APPROVAL';

/**
 * Whether `approverId` may approve or reject the raise proposed on this attendance: the resident
 * never decides on their own hours (even when they also manage the organisation), and the
 * proposer never on their own proposal — that is the second person of the two-person rule.
 */
export function refuseRaiseDecision(
  attendance: { status: AttendanceStatus; userId: string; proposedBy: string | null },
  approverId: string,
): ApprovalRefusal | null {
  if (attendance.userId === approverId) return 'SELF_VERIFICATION';
  if (attendance.status !== 'pending_approval') return 'NOT_PENDING_APPROVAL';
  if (attendance.proposedBy === approverId) return 'OWN_PROPOSAL';
  return null;
}
