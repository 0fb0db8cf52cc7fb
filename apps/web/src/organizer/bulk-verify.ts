import type { AttendanceView as Attendance } from '@goodloop/contracts';

/*
 * Verifying many attendances at once, in the browser: one `POST /attendance/:id/verify` per
 * person, each with an Idempotency-Key of its own, a few at a time. The server's rules apply to
 * each exactly as when they are verified one by one (nobody verifies their own attendance, a
 * correction needs a reason and may not raise above the scheduled length, a raise above the
 * programme's threshold waits for a second manager), and every person gets an outcome of their
 * own: verified, awaiting a second approval, or refused with the reason.
 */

/** How the minutes are chosen: each person's recorded minutes, or the same number for everyone. */
export type BulkMinutes = { mode: 'recorded' } | { mode: 'same'; minutes: number; reason?: string };

/** The body one person's verification sends: `{}` keeps their recorded minutes. */
export interface VerifyBody {
  minutes?: number;
  reason?: string;
}

export function verifyBodyFor(attendance: Attendance, choice: BulkMinutes): VerifyBody {
  if (choice.mode === 'recorded' || choice.minutes === attendance.recordedMinutes) return {};
  return { minutes: choice.minutes, reason: choice.reason?.trim() };
}

/** What the choice means for the selection, shown before anything is sent. */
export interface BulkPlan {
  /** People whose minutes change (and so carry the reason). */
  changed: number;
  /** People raised above their recorded minutes by more than the threshold: they will wait for approval. */
  needsApproval: number;
  /** People raised above the scheduled length: the server would refuse them. */
  aboveSchedule: number;
  /** Points the immediately verified people earn, floor(minutes × points per hour / 60) each. */
  points: number;
}

export function planBulkVerify(
  selection: Attendance[],
  choice: BulkMinutes,
  rules: { raiseApprovalMinutes: number; scheduledMinutes: number; pointsPerHour: number },
): BulkPlan {
  const plan: BulkPlan = { changed: 0, needsApproval: 0, aboveSchedule: 0, points: 0 };
  for (const attendance of selection) {
    const recorded = attendance.recordedMinutes ?? 0;
    const minutes = choice.mode === 'same' ? choice.minutes : recorded;
    if (minutes !== recorded) plan.changed += 1;
    if (minutes > recorded && minutes > rules.scheduledMinutes) {
      plan.aboveSchedule += 1;
    } else if (minutes - recorded > rules.raiseApprovalMinutes) {
      plan.needsApproval += 1;
    } else {
      plan.points += Math.floor((minutes * rules.pointsPerHour) / 60);
    }
  }
  return plan;
}

export type BulkOutcome =
  | { attendanceId: string; state: 'verified'; minutes: number }
  | { attendanceId: string; state: 'pending_approval'; minutes: number }
  | { attendanceId: string; state: 'refused'; error: unknown };

/** How many verifications are in flight at once: quick for 40 people, gentle on the rate limit. */
export const BULK_CONCURRENCY = 4;

/**
 * Runs `verify` for every attendance, at most `concurrency` at a time, and reports each outcome
 * as it arrives (`onOutcome`) and all of them at the end, in the order of `selection`.
 * A refusal of one person stops nobody else's.
 */
export async function runBulkVerify(
  selection: Attendance[],
  verify: (attendance: Attendance) => Promise<Attendance>,
  onOutcome: (outcome: BulkOutcome) => void = () => undefined,
  concurrency = BULK_CONCURRENCY,
): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = new Array<BulkOutcome>(selection.length);
  let next = 0;
  const worker = async () => {
    while (next < selection.length) {
      const index = next;
      next += 1;
      const attendance = selection[index]!;
      let outcome: BulkOutcome;
      try {
        const result = await verify(attendance);
        outcome =
          result.status === 'pending_approval'
            ? { attendanceId: attendance.id, state: 'pending_approval', minutes: result.proposedMinutes ?? 0 }
            : { attendanceId: attendance.id, state: 'verified', minutes: result.verifiedMinutes ?? 0 };
      } catch (error) {
        outcome = { attendanceId: attendance.id, state: 'refused', error };
      }
      outcomes[index] = outcome;
      onOutcome(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, selection.length)) }, worker));
  return outcomes;
}
