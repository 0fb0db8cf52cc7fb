import type { AttendanceView } from '../attendance/attendance.view';
import type { SignupStatus } from '../domain/waitlist';
import type { Signup } from './entities/signup.entity';

/** `{ id, activityId, userId, status, waitlistPosition }` of docs/api.md, with its times. */
export interface SignupView {
  id: string;
  activityId: string;
  userId: string;
  status: SignupStatus;
  /** Only while waitlisted; 1 is next in line. Absent otherwise (docs/api.md: `waitlistPosition?`). */
  waitlistPosition?: number;
  createdAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
}

/** A roster line: the signup, who it is, and how far their attendance got. */
export interface RosterEntryView extends SignupView {
  userName: string;
  attendanceStatus: 'not_checked_in' | AttendanceView['status'];
  attendance: AttendanceView | null;
}

export function toSignupView(signup: Signup): SignupView {
  return {
    id: signup.id,
    activityId: signup.activityId,
    userId: signup.userId,
    status: signup.status,
    ...(signup.waitlistPosition !== null ? { waitlistPosition: signup.waitlistPosition } : {}),
    createdAt: signup.createdAt.toISOString(),
    confirmedAt: signup.confirmedAt?.toISOString() ?? null,
    cancelledAt: signup.cancelledAt?.toISOString() ?? null,
  };
}
