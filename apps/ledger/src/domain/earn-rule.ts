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
