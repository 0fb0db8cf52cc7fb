/**
 * Display formatting for times, and the platform's amount formatting (libs/money/src/format.ts)
 * re-exported for the pages.
 */

export { formatAmount, formatFen, formatPoints, type AmountFormatOptions, type Asset } from '@goodloop/money/format';

/**
 * The points an attendance earns, as the ledger computes them: floor(minutes × pointsPerHour / 60).
 * Integer arithmetic only: 95 min at 10 points/hour → 950 → (950 − 950 mod 60) / 60 = 15.
 */
export function pointsForMinutes(minutes: number, pointsPerHour: number): number {
  if (!Number.isSafeInteger(minutes) || minutes < 0) throw new RangeError('minutes must be a whole number ≥ 0');
  if (!Number.isSafeInteger(pointsPerHour) || pointsPerHour < 0) {
    throw new RangeError('pointsPerHour must be a whole number ≥ 0');
  }
  const pointMinutes = minutes * pointsPerHour;
  return (pointMinutes - (pointMinutes % 60)) / 60;
}

/** A moment in the reader's time zone: "12月1日周二 10:00" / "Tue, Dec 1, 10:00". */
export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** A span, with the date once when it starts and ends on the same day: "12月1日周二 10:00–12:00". */
export function formatTimeRange(startIso: string, endIso: string, language: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  const sameDay = start.toDateString() === end.toDateString();
  const endText = sameDay
    ? new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(end)
    : formatDateTime(endIso, language);
  return `${formatDateTime(startIso, language)}–${endText}`;
}

/**
 * The value of an `<input type="datetime-local">` ("2026-12-01T10:00", local time) as an ISO
 * instant in UTC, or null when it is empty or not a date.
 */
export function localInputToIso(value: string | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
