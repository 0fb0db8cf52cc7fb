import { localInputToIso } from '../lib/format';

/*
 * The need form's checks, as pure functions: they refuse what the API would refuse (CreateNeedDto
 * and the matching service's rules across fields) and never change what was typed — "91" stays
 * 91 with a message, "30,66" is refused rather than read as 30 or 3066.
 */

export type CoordinateProblem = 'required' | 'format' | 'range';

/** A decimal number as typed: digits, an optional sign and point. No exponents, commas or spaces inside. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A latitude (±90) or longitude (±180) typed as text. */
export function parseCoordinate(
  text: string | undefined,
  axis: 'lat' | 'lng',
): { ok: true; value: number } | { ok: false; problem: CoordinateProblem } {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return { ok: false, problem: 'required' };
  if (!DECIMAL.test(trimmed)) return { ok: false, problem: 'format' };
  const value = Number(trimmed);
  const limit = axis === 'lat' ? 90 : 180;
  if (!Number.isFinite(value) || Math.abs(value) > limit) return { ok: false, problem: 'range' };
  return { ok: true, value };
}

export type MomentProblem = 'required' | 'invalid' | 'past';

/** A `datetime-local` value that must be a moment still to come (a deadline, a window's start). */
export function checkFutureMoment(value: string | undefined, now: Date = new Date()): MomentProblem | null {
  if (!value) return 'required';
  const iso = localInputToIso(value);
  if (!iso) return 'invalid';
  return new Date(iso).getTime() <= now.getTime() ? 'past' : null;
}

/** Whether the end of a window (`datetime-local`) is after its start; true while either is missing. */
export function endsAfterStart(start: string | undefined, end: string | undefined): boolean {
  const from = localInputToIso(start);
  const to = localInputToIso(end);
  if (!from || !to) return true;
  return new Date(to).getTime() > new Date(from).getTime();
}

/** "09:00"–"17:30" on the same day: `to` must be later. "24:00" ends a slot at midnight. */
export function slotEndsAfterStart(from: string | undefined, to: string | undefined): boolean {
  if (!from || !to) return true;
  return minutesOfDay(to) > minutesOfDay(from);
}

function minutesOfDay(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** A time of day as the API takes it: "09:00" (or "24:00" for an end). */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
export const END_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
