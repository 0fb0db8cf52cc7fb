/**
 * Places and the waitlist of one activity. The activity row keeps the counts; a waitlisted
 * signup keeps its position, 1 being the next to get a place. Positions are always exactly
 * 1..waitlistCount (no gaps), so they read as "you are 3rd in line".
 *
 * These functions only decide; the signups service applies the decision to the rows while it
 * holds the activity's row lock, which is what makes concurrent sign-ups safe.
 */
export interface Occupancy {
  capacity: number;
  confirmedCount: number;
  waitlistCount: number;
}

export type Placement = { status: 'confirmed' } | { status: 'waitlisted'; position: number };

export type { SignupStatus } from '@goodloop/contracts';

/** Where a new signup goes: a place while there is one, else the end of the line. */
export function placeSignup(occupancy: Occupancy): { placement: Placement; next: Occupancy } {
  if (occupancy.confirmedCount < occupancy.capacity) {
    return {
      placement: { status: 'confirmed' },
      next: { ...occupancy, confirmedCount: occupancy.confirmedCount + 1 },
    };
  }
  const position = occupancy.waitlistCount + 1;
  return {
    placement: { status: 'waitlisted', position },
    next: { ...occupancy, waitlistCount: position },
  };
}

/**
 * What a cancellation changes, as two steps applied in order:
 *
 * 1. `vacatedPosition`: a waitlisted signup left the line; everyone behind it moves up one.
 * 2. `promoted`: that many signups at the head of the line (positions 1..promoted) get the
 *    places that are free now; everyone behind them moves up by `promoted`.
 *
 * Worked example: capacity 10, 10 confirmed, 20 waiting. A confirmed person cancels →
 * 9 confirmed, one place free → promoted = 1: #1 is confirmed, #2..#20 become #1..#19 →
 * 10 confirmed, 19 waiting. If #5 cancels instead → vacatedPosition = 5: #6..#20 become #5..#19,
 * nobody is promoted (no place is free).
 */
export interface CancellationPlan {
  vacatedPosition: number | null;
  promoted: number;
  next: Occupancy;
}

export function planCancellation(
  occupancy: Occupancy,
  cancelled: { status: 'confirmed' } | { status: 'waitlisted'; position: number },
): CancellationPlan {
  let { confirmedCount, waitlistCount } = occupancy;
  let vacatedPosition: number | null = null;
  if (cancelled.status === 'confirmed') {
    confirmedCount -= 1;
  } else {
    if (cancelled.position < 1 || cancelled.position > waitlistCount) {
      throw new RangeError(`waitlist position ${cancelled.position} is outside 1..${waitlistCount}`);
    }
    vacatedPosition = cancelled.position;
    waitlistCount -= 1;
  }
  if (confirmedCount < 0) throw new RangeError('confirmed count would go below zero');
  const free = Math.max(0, occupancy.capacity - confirmedCount);
  const promoted = Math.min(free, waitlistCount);
  return {
    vacatedPosition,
    promoted,
    next: { capacity: occupancy.capacity, confirmedCount: confirmedCount + promoted, waitlistCount: waitlistCount - promoted },
  };
}
