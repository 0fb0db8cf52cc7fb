/**
 * Dates and weekly times in Asia/Shanghai, where expiry dates and volunteers' availability are
 * written. Shanghai has kept UTC+8 all year since 1991 (no daylight saving), so a fixed offset
 * converts exactly and stays fast enough to run once per need and offer of a large run.
 *
 * Instants are milliseconds since the epoch; a "day number" counts Shanghai calendar days since
 * 1970-01-01; a week offset counts milliseconds since Monday 00:00 Shanghai time.
 */
import type { WeeklySlot } from './types';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** 1970-01-01 was a Thursday: Shanghai day number 0 is 3 days after a Monday. */
const EPOCH_DAYS_AFTER_MONDAY = 3;

/**
 * An ISO 8601 instant that states its offset ('Z' or ±HH:MM). A string without an offset would be
 * read in the machine's own time zone, so the same input could match differently on two servers.
 */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})$/;

export function parseInstant(iso: string, field: string): number {
  const ms = INSTANT.test(iso) ? Date.parse(iso) : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${field} must be an ISO 8601 instant with an offset, got "${iso}"`);
  return ms;
}

/** The Shanghai calendar day an instant falls on. 2026-05-31T16:00Z is already 1 June there. */
export function shanghaiDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** 'YYYY-MM-DD' as a day number; refuses dates that do not exist (2026-02-30). */
export function parseLocalDate(ymd: string, field: string): number {
  const m = LOCAL_DATE.exec(ymd);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (!m || back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`${field} must be a date 'YYYY-MM-DD', got "${ymd}"`);
  }
  return ms / DAY_MS;
}

/** Milliseconds since the Monday 00:00 (Shanghai) before or at `ms`. */
export function weekOffset(ms: number): number {
  const local = ms + SHANGHAI_OFFSET_MS + EPOCH_DAYS_AFTER_MONDAY * DAY_MS;
  return ((local % WEEK_MS) + WEEK_MS) % WEEK_MS;
}

/** A stretch of the week, [start, end) in week offsets, 0 ≤ start < end ≤ WEEK_MS. */
export interface WeekInterval {
  start: number;
  end: number;
}

function minutesOfDay(hhmm: string, field: string, allowEndOfDay: boolean): number {
  const m = LOCAL_TIME.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : -1;
  const valid = m !== null && Number(m[2]) < 60 && (minutes < 24 * 60 || (allowEndOfDay && minutes === 24 * 60));
  if (!valid) throw new RangeError(`${field} must be a time 'HH:MM', got "${hhmm}"`);
  return minutes;
}

/**
 * A week's slots as intervals of the week. A slot whose `to` is before its `from` runs past
 * midnight into the next day (Sunday 22:00–02:00 ends on Monday at 02:00, at the start of the
 * week, so it becomes two intervals). `from` equal to `to` is refused: it could mean nothing or
 * the whole day.
 */
export function weeklyIntervals(slots: readonly WeeklySlot[], field: string): WeekInterval[] {
  const intervals: WeekInterval[] = [];
  slots.forEach((slot, i) => {
    if (!Number.isInteger(slot.weekday) || slot.weekday < 1 || slot.weekday > 7) {
      throw new RangeError(`${field}[${i}].weekday must be 1 (Monday) … 7 (Sunday), got ${slot.weekday}`);
    }
    const from = minutesOfDay(slot.from, `${field}[${i}].from`, false);
    const to = minutesOfDay(slot.to, `${field}[${i}].to`, true);
    if (from === to) throw new RangeError(`${field}[${i}] starts and ends at ${slot.from}`);
    const start = (slot.weekday - 1) * DAY_MS + from * MINUTE_MS;
    const length = (to > from ? to - from : to + 24 * 60 - from) * MINUTE_MS;
    intervals.push(...wrapAround(start, start + length));
  });
  return intervals;
}

/**
 * The instants [startMs, endMs) as intervals of the week. A stretch of a week or more covers the
 * whole week; one that passes Sunday midnight becomes two intervals.
 */
export function windowIntervals(startMs: number, endMs: number): WeekInterval[] {
  if (endMs <= startMs) return [];
  if (endMs - startMs >= WEEK_MS) return [{ start: 0, end: WEEK_MS }];
  const start = weekOffset(startMs);
  return wrapAround(start, start + (endMs - startMs));
}

function wrapAround(start: number, end: number): WeekInterval[] {
  if (end <= WEEK_MS) return [{ start, end }];
  return [
    { start, end: WEEK_MS },
    { start: 0, end: end - WEEK_MS },
  ];
}

/** Whether two sets of intervals share a stretch of positive length (touching ends do not count). */
export function overlaps(a: readonly WeekInterval[], b: readonly WeekInterval[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.start < y.end && y.start < x.end) return true;
    }
  }
  return false;
}
