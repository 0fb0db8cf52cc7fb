import {
  ACTIVITY_CAPACITY_MAX,
  ACTIVITY_CAPACITY_MIN,
  ACTIVITY_DESCRIPTION_MAX_LENGTH,
  ACTIVITY_TITLE_MAX_LENGTH,
  MAX_POINTS_PER_HOUR,
  PLACE_ADDRESS_MAX_LENGTH,
  PLACE_NAME_MAX_LENGTH,
} from '@goodloop/contracts/volunteer-limits';
import { localInputToIso } from '../lib/format';

/*
 * The publish form's checks, as pure functions so their edges are tested alone. They refuse what
 * the API would refuse and never change what was typed: 0 places stays 0 with a message, 2.5
 * stays 2.5, a 5,000-character title stays whole. The bounds are the API's own (the contracts'
 * import-free limits file), so the form cannot drift from the rules that check the body.
 */

export const ACTIVITY_LIMITS = {
  titleMax: ACTIVITY_TITLE_MAX_LENGTH,
  descriptionMax: ACTIVITY_DESCRIPTION_MAX_LENGTH,
  placeNameMax: PLACE_NAME_MAX_LENGTH,
  placeAddressMax: PLACE_ADDRESS_MAX_LENGTH,
  capacityMin: ACTIVITY_CAPACITY_MIN,
  capacityMax: ACTIVITY_CAPACITY_MAX,
  pointsMin: 0,
  pointsMax: MAX_POINTS_PER_HOUR,
} as const;

/** Why a whole-number field is refused: empty, not a whole number, or outside its range. */
export type WholeNumberProblem = 'required' | 'notWhole' | 'outOfRange';

/**
 * A count typed into a number box: `null`/`undefined` when empty. Anything else must be a whole
 * number within [min, max]; nothing is rounded or clamped.
 */
export function checkWholeNumber(value: unknown, min: number, max: number): WholeNumberProblem | null {
  if (value === null || value === undefined || value === '') return 'required';
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'notWhole';
  if (value < min || value > max) return 'outOfRange';
  return null;
}

/** Characters a text field will count against its maximum: what the API checks after trimming. */
export function textLength(value: string | undefined): number {
  return value === undefined ? 0 : [...value.trim()].length;
}

/** True when a text field is over its maximum (counted as the API counts it). */
export function tooLong(value: string | undefined, max: number): boolean {
  return textLength(value) > max;
}

/**
 * True when a `datetime-local` value is a time already gone. Publishing an activity that has
 * started is allowed (entering one afterwards, or one running now), so this only warns.
 */
export function startsInThePast(value: string | undefined, now: Date = new Date()): boolean {
  const iso = localInputToIso(value);
  return iso !== null && new Date(iso).getTime() < now.getTime();
}
