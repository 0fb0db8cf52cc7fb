import type { AttendanceView as Attendance, RosterEntryView as RosterSignup } from '@goodloop/contracts';

export interface RosterRow {
  userId: string;
  userName: string;
  signup: RosterSignup | null;
  attendance: Attendance | null;
}

const SIGNUP_ORDER = { confirmed: 0, waitlisted: 1, cancelled: 2 } as const;

/**
 * One row per person: confirmed first, then the waitlist in order, then anyone who has an
 * attendance record without an active signup (cancelled after checking in). The attendance list
 * is the authority for attendance; a signup's embedded attendance only fills in when it is absent.
 */
export function buildRoster(signups: RosterSignup[], attendance: Attendance[]): RosterRow[] {
  const byUser = new Map(attendance.map((a) => [a.userId, a]));
  const rows: RosterRow[] = [...signups]
    .filter((s) => s.status !== 'cancelled' || byUser.has(s.userId))
    .sort((a, b) => SIGNUP_ORDER[a.status] - SIGNUP_ORDER[b.status] || (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0))
    .map((signup) => {
      const record = byUser.get(signup.userId) ?? signup.attendance ?? null;
      return {
        userId: signup.userId,
        userName: signup.userName,
        signup,
        attendance: record,
      };
    });
  const listed = new Set(rows.map((r) => r.userId));
  for (const record of attendance) {
    if (!listed.has(record.userId)) {
      rows.push({ userId: record.userId, userName: record.userName, signup: null, attendance: record });
    }
  }
  return rows;
}

/**
 * The attendances a bulk verification may take, in roster order: checked out, and not the
 * current user's own (nobody verifies their own attendance; the server would answer
 * 403 SELF_VERIFICATION).
 */
export function bulkVerifiable(rows: RosterRow[], currentUserId: string | undefined): Attendance[] {
  return rows.flatMap((row) =>
    row.attendance && row.attendance.status === 'checked_out' && row.attendance.userId !== currentUserId ? [row.attendance] : [],
  );
}

/** The activity's scheduled length in whole minutes, as the server counts it (rounded down). */
export function scheduledMinutes(activity: { startsAt: string; endsAt: string }): number {
  return Math.floor((Date.parse(activity.endsAt) - Date.parse(activity.startsAt)) / 60_000);
}
