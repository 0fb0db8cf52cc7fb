/**
 * The bounds of the volunteers service's public shapes, in one file that imports nothing so the
 * web app can bundle the same numbers the API validates with (its Vite alias
 * `@goodloop/contracts/volunteer-limits`): a form that says "at most 120 characters" cannot drift
 * from the rule that refuses the 121st. `http.v1.ts` uses them in its class-validator rules and
 * re-exports them.
 */

/** An activity's title, after trimming. */
export const ACTIVITY_TITLE_MAX_LENGTH = 120;
/** An activity's free-text description. */
export const ACTIVITY_DESCRIPTION_MAX_LENGTH = 4000;
/** A place's name and address. */
export const PLACE_NAME_MAX_LENGTH = 120;
export const PLACE_ADDRESS_MAX_LENGTH = 300;
/** Places an activity may offer: at least one, at most ten thousand. */
export const ACTIVITY_CAPACITY_MIN = 1;
export const ACTIVITY_CAPACITY_MAX = 10_000;
/** The platform's bound on an activity's points per hour; a programme's earn rule may set a lower one. */
export const MAX_POINTS_PER_HOUR = 1000;
/** One attendance is at most a day; it is also the bound of the hours-verified message. */
export const MAX_ATTENDANCE_MINUTES = 24 * 60;
/** A verification's correction reason (and a rejected raise's). */
export const VERIFY_REASON_MAX_LENGTH = 500;
/**
 * A correction raising an attendance above its recorded minutes by more than this needs a second
 * manager of the organisation, unless the programme's earn rule sets another threshold.
 */
export const DEFAULT_RAISE_APPROVAL_MINUTES = 60;
