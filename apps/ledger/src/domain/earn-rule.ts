/**
 * Points a resident earns for verified volunteering: floor(minutes × pointsPerHour / 60).
 *
 * Integer arithmetic only, so no float can leak into a balance: the product is exact (at most
 * 1 440 min × 1 000 pph = 1 440 000) and the floor is taken by subtracting the remainder.
 * Worked example: 95 min at 10 points per hour → 950; 950 mod 60 = 50; (950 − 50) / 60 = 15.
 * The 50 "point-minutes" left over are not carried to the next activity.
 */
export function pointsForVerifiedMinutes(minutes: number, pointsPerHour: number): number {
  if (!Number.isSafeInteger(minutes) || minutes < 0) throw new RangeError(`minutes must be a whole number ≥ 0, got ${minutes}`);
  if (!Number.isSafeInteger(pointsPerHour) || pointsPerHour < 0) {
    throw new RangeError(`pointsPerHour must be a whole number ≥ 0, got ${pointsPerHour}`);
  }
  const pointMinutes = minutes * pointsPerHour;
  if (!Number.isSafeInteger(pointMinutes)) throw new RangeError(`minutes × pointsPerHour is out of range`);
  return (pointMinutes - (pointMinutes % 60)) / 60;
}

/** One version of a programme's earn rule, as the earn consumer applies it. */
export interface EarnRuleVersion {
  programmeId: string;
  version: number;
  effectiveFrom: Date;
  /** null: the activity's own rate. */
  pointsPerHour: number | null;
  /** The most points per hour an activity may advertise (volunteers enforces it); null: 1,000. */
  maxPointsPerHour: number | null;
  /** Raise (minutes) above the recorded time that needs a second manager (volunteers enforces it); null: 60. */
  raiseApprovalMinutes: number | null;
  /** Fixed points per verified attendance, by activity category. */
  categoryBonus: Partial<Record<string, number>>;
  dailyCap: number | null;
  monthlyCap: number | null;
  lifetimeDays: number | null;
  timeZone: string;
}

/** The version in force at `at`: the newest whose effectiveFrom is not after it. */
export function ruleInForce<T extends Pick<EarnRuleVersion, 'effectiveFrom' | 'version'>>(
  versions: readonly T[],
  at: Date,
): T | undefined {
  let best: T | undefined;
  for (const v of versions) {
    if (v.effectiveFrom.getTime() > at.getTime()) continue;
    if (!best || v.effectiveFrom.getTime() > best.effectiveFrom.getTime()) best = v;
  }
  return best;
}

export interface EarnInput {
  minutes: number;
  /** The rate the activity advertised. */
  activityPointsPerHour: number;
  category: string;
}

export interface EarnQuote {
  /** minutes × rate, floored to whole points. */
  hourly: number;
  bonus: number;
  /** hourly + bonus, before caps. */
  uncapped: number;
}

/**
 * What a verified attendance earns under `rule` before caps: the hours at the rule's rate (or
 * the activity's, when the rule leaves it open), plus the category's fixed bonus.
 * Example: 95 min at 10/h in `elderly` with an elderly bonus of 5 → 15 + 5 = 20.
 */
export function quoteEarn(rule: Pick<EarnRuleVersion, 'pointsPerHour' | 'categoryBonus'>, input: EarnInput): EarnQuote {
  const rate = rule.pointsPerHour ?? input.activityPointsPerHour;
  const hourly = pointsForVerifiedMinutes(input.minutes, rate);
  const bonus = input.minutes > 0 ? (rule.categoryBonus[input.category] ?? 0) : 0;
  if (!Number.isSafeInteger(bonus) || bonus < 0) throw new RangeError(`bonus for ${input.category} must be a whole number ≥ 0`);
  return { hourly, bonus, uncapped: hourly + bonus };
}

/**
 * What is paid after the caps: no more than what is left of the day's cap and of the month's.
 * Example: daily cap 50 with 40 earned today, monthly cap 300 with 295 this month → a 20-point
 * earn pays min(20, 10, 5) = 5.
 */
export function applyCaps(
  uncapped: number,
  rule: Pick<EarnRuleVersion, 'dailyCap' | 'monthlyCap'>,
  earned: { today: number; thisMonth: number },
): number {
  let paid = uncapped;
  if (rule.dailyCap !== null) paid = Math.min(paid, Math.max(0, rule.dailyCap - earned.today));
  if (rule.monthlyCap !== null) paid = Math.min(paid, Math.max(0, rule.monthlyCap - earned.thisMonth));
  return paid;
}

/** The calendar day (YYYY-MM-DD) of `at` in `timeZone`: the day a cap counts an earn on. */
export function localDay(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** When points earned at `at` lapse, or undefined when the rule lets them keep. */
export function expiryOf(at: Date, lifetimeDays: number | null): Date | undefined {
  return lifetimeDays === null ? undefined : new Date(at.getTime() + lifetimeDays * 24 * 3600 * 1000);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
