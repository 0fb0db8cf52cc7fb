import { CHECK_IN_CODE_PATTERN } from '@goodloop/contracts';
import { randomInt, timingSafeEqual } from 'node:crypto';

/** Six decimal digits, shown by the organizer on site, typed by residents to check themselves in. */
export { CHECK_IN_CODE_PATTERN };

/**
 * A fresh code from a cryptographic source: 000000..999999, zero-padded, so every code is
 * equally likely (e.g. 4821 → "004821").
 */
export function generateCheckInCode(random: (maxExclusive: number) => number = randomInt): string {
  const n = random(1_000_000);
  if (!Number.isInteger(n) || n < 0 || n >= 1_000_000) throw new RangeError(`random source gave ${n}`);
  return String(n).padStart(6, '0');
}

/**
 * Wrong codes a resident may type for one activity (check-in and check-out together) before
 * their own check-in with a code is refused, even with the right code. Five tries find a
 * six-digit code with a chance of 1 in 200,000; the organizer can still record the person.
 */
export const MAX_WRONG_CHECK_IN_CODES = 5;

/** Whether `given` is the activity's code; compared in constant time so timing tells nothing. */
export function checkInCodeMatches(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string' || !CHECK_IN_CODE_PATTERN.test(given) || !CHECK_IN_CODE_PATTERN.test(expected)) return false;
  return timingSafeEqual(Buffer.from(expected, 'utf8'), Buffer.from(given, 'utf8'));
}
