/**
 * The per-unit score of a candidate pair: the sum of five parts, each a whole number ≥ 0, so that
 * a person can check a proposal by hand. With the default weights (W):
 *
 * | part     | W   | formula                                                        | range   |
 * |----------|-----|----------------------------------------------------------------|---------|
 * | urgency  | 100 | W × urgency (1–5)                                              | 100–500 |
 * | distance | 200 | ⌊W × (L − d) / L⌋, d = distance rounded to 0.1 km (as shown),  | 0–200   |
 * |          |     | L = settings.maxDistanceKm (the global limit, whatever the     |         |
 * |          |     | donor's or volunteer's own limit)                              |         |
 * | expiry   | 150 | items: ⌊W × (60 − days) / 60⌋ for an item usable `days` more   | 0–150   |
 * |          |     | Shanghai days (0 = expires today), 0 beyond 60 days or with no |         |
 * |          |     | expiry date; skills: 0                                         |         |
 * | fairness | 100 | ⌊W × (1 − met)⌋, met = settings.neighbourhoodMet of the need's | 0–100   |
 * |          |     | neighbourhood (missing = 0)                                    |         |
 * | skill    | 50  | W when an organizer confirmed the volunteer's skill, else 0    | 0–50    |
 *
 * Worked example (L = 10 km): rice for an urgency-4 need, 2.3 km away, usable 12 more days, in a
 * neighbourhood with met = 0.35 → urgency 400, distance ⌊200 × 7.7 / 10⌋ = 154,
 * expiry ⌊150 × 48 / 60⌋ = 120, fairness ⌊100 × 0.65⌋ = 65, skill 0 → 739 per unit.
 *
 * Urgency weighs most: its five levels span 400 points, twice the whole distance range, so two
 * levels of urgency count as much as going from next door to the limit. Among needs of one
 * urgency, closeness, stock about to spoil and under-served neighbourhoods decide.
 */
import type { ScoreParts, Weights } from './types';

export const DEFAULT_WEIGHTS: Readonly<Weights> = Object.freeze({
  urgency: 100,
  distance: 200,
  expiry: 150,
  fairness: 100,
  skill: 50,
});

/** Items usable this many days or more get no expiry points. */
export const EXPIRY_HORIZON_DAYS = 60;

/** The largest weight accepted: keeps every score and score × quantity an exact integer. */
export const MAX_WEIGHT = 1_000_000;

export function resolveWeights(overrides: Partial<Weights> | undefined): Weights {
  const weights: Weights = { ...DEFAULT_WEIGHTS, ...overrides };
  for (const [name, w] of Object.entries(weights)) {
    if (!Number.isInteger(w) || w < 0 || w > MAX_WEIGHT) {
      throw new RangeError(`weights.${name} must be a whole number in 0…${MAX_WEIGHT}, got ${String(w)}`);
    }
  }
  return weights;
}

export function urgencyPart(urgency: number, w: Weights): number {
  return w.urgency * urgency;
}

/** `tenthsKm`: the distance in tenths of a km (23 for 2.3 km); `limitKm`: the global limit. */
export function distancePart(tenthsKm: number, limitKm: number, w: Weights): number {
  const limitTenths = limitKm * 10;
  if (tenthsKm >= limitTenths) return 0;
  return Math.floor((w.distance * (limitTenths - tenthsKm)) / limitTenths);
}

/** `daysLeft`: Shanghai days the item is still usable after today (0 = expires today); undefined: no expiry. */
export function expiryPart(daysLeft: number | undefined, w: Weights): number {
  if (daysLeft === undefined || daysLeft >= EXPIRY_HORIZON_DAYS) return 0;
  return Math.floor((w.expiry * (EXPIRY_HORIZON_DAYS - daysLeft)) / EXPIRY_HORIZON_DAYS);
}

/**
 * A binary fraction is rarely exact (1 − 0.9 = 0.09999999999999998), so the product is nudged up
 * by far less than a point before it is floored: met 0.9 gives 10, not 9.
 */
const FLOAT_NUDGE = 1e-9;

export function fairnessPart(met: number, w: Weights): number {
  return Math.floor(w.fairness * (1 - met) + FLOAT_NUDGE);
}

export function skillPart(confirmed: boolean, w: Weights): number {
  return confirmed ? w.skill : 0;
}

export function sumOfParts(parts: ScoreParts): number {
  return parts.urgency + parts.distance + parts.expiry + parts.fairness + parts.skill;
}
