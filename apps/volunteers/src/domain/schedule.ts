/**
 * When an activity takes place, and what that allows. Times are instants (Date); every rule
 * takes `now` so that it can be tested without a clock.
 */
export interface Schedule {
  startsAt: Date;
  endsAt: Date;
}

import type { ActivityStatus } from '@goodloop/contracts';
export type { ActivityStatus };

/** A field that breaks a rule, in the shape of the public error's `details`. */
export interface FieldProblem {
  field: string;
  errors: string[];
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
/** An activity lasts at most a day: longer engagements are published as several activities. */
export const MAX_ACTIVITY_DURATION_MS = 24 * HOUR_MS;
/** Organizers may publish an activity that began at most a day ago (recording one after the fact). */
export const MAX_START_IN_PAST_MS = 24 * HOUR_MS;

/** `upcoming` before the start, `running` from the start until (not including) the end, then `ended`. */
export function activityStatus(schedule: Schedule, now: Date): ActivityStatus {
  if (now.getTime() < schedule.startsAt.getTime()) return 'upcoming';
  if (now.getTime() < schedule.endsAt.getTime()) return 'running';
  return 'ended';
}

export function hasEnded(schedule: Schedule, now: Date): boolean {
  return activityStatus(schedule, now) === 'ended';
}

/** Whole minutes between start and end: 09:00–11:30 → 150. */
export function scheduledMinutes(schedule: Schedule): number {
  return Math.floor((schedule.endsAt.getTime() - schedule.startsAt.getTime()) / MINUTE_MS);
}

/**
 * What is wrong with a proposed schedule, per field; empty when it is fine. The end must follow
 * the start, the activity may last at most 24 h, and it may not have started more than a day ago.
 */
export function scheduleProblems(schedule: Schedule, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const start = schedule.startsAt.getTime();
  const end = schedule.endsAt.getTime();
  if (start < now.getTime() - MAX_START_IN_PAST_MS) {
    problems.push({ field: 'startsAt', errors: ['startsAt must not be more than 1 day in the past'] });
  }
  if (end <= start) {
    problems.push({ field: 'endsAt', errors: ['endsAt must be after startsAt'] });
  } else if (end - start > MAX_ACTIVITY_DURATION_MS) {
    problems.push({ field: 'endsAt', errors: ['an activity may last at most 24 hours'] });
  }
  return problems;
}
