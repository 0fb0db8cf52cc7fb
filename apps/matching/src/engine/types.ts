/**
 * The matching engine's inputs and outputs: plain data, no Nest, no database. The service reads
 * needs and offers from its tables, hands them to `runEngine` with the run's clock, and stores the
 * proposals it gets back. How a pair qualifies is in `candidates.ts`, how it is scored in
 * `score.ts`, how the quantities are chosen in `run-engine.ts`.
 */
export type MatchKind = 'item' | 'skill';

export const MATCH_KINDS: readonly MatchKind[] = ['item', 'skill'];

/** A community need, as an organizer posted it, with what is still missing. */
export interface EngineNeed {
  id: string;
  kind: MatchKind;
  /** Item category (kind 'item') or skill code (kind 'skill'). */
  category: string;
  /** Units still needed (items) or volunteers still needed; a whole number ≥ 1. */
  remaining: number;
  lat: number;
  lng: number;
  /** e.g. '阳光社区'; the fairness part favours neighbourhoods that were served least. */
  neighbourhood: string;
  /** ISO 8601 instant with its offset; a need whose deadline is not after `now` is not matched. */
  deadline: string;
  urgency: 1 | 2 | 3 | 4 | 5;
  /** e.g. ['elderly', 'children', 'disabled', 'families_in_difficulty']. */
  beneficiaries: string[];
  /** Skill needs: when the volunteers are needed (ISO instants with offsets). Ignored for items. */
  window?: { start: string; end: string };
}

/** A weekly slot a volunteer is free in, Asia/Shanghai local time. `to` before `from` runs past midnight. */
export interface WeeklySlot {
  /** ISO weekday: Monday = 1 … Sunday = 7. */
  weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  /** 'HH:MM', 00:00–23:59. */
  from: string;
  /** 'HH:MM', 00:00–24:00. */
  to: string;
}

/** Donated stock (a pledge) or a volunteer. */
export interface EngineOffer {
  /** Pledge id (item) or volunteer user id (skill). */
  id: string;
  kind: MatchKind;
  /** Item: [its item category]; skill: the volunteer's skills. */
  categories: string[];
  /** Skills an organizer has confirmed (a small bonus); they count as the volunteer's skills too. */
  confirmedSkills?: string[];
  /** Units free to give; a volunteer has 1 (one need per run). A whole number ≥ 0. */
  available: number;
  lat: number;
  lng: number;
  /** Items: 'YYYY-MM-DD', the last day the item is usable (Asia/Shanghai date). */
  expiresOn?: string;
  /** The donor's conditions: only for these groups, only this close. */
  conditions?: { beneficiaries?: string[]; maxDistanceKm?: number };
  /** Volunteers: when they are free each week. Missing or empty: always. */
  availability?: WeeklySlot[];
  /** How far a volunteer will travel from home, km. */
  reachKm?: number;
}

/** Integer weights of the score's parts; see `score.ts` for how each is used. */
export interface Weights {
  /** Points per urgency level (1–5). */
  urgency: number;
  /** Points for a pair at distance 0, falling linearly to 0 at `maxDistanceKm`. */
  distance: number;
  /** Points for an item that expires today, falling linearly to 0 at `EXPIRY_HORIZON_DAYS`. */
  expiry: number;
  /** Points for a neighbourhood none of whose recent asks were met, falling to 0 when all were. */
  fairness: number;
  /** Points when an organizer has confirmed the volunteer's skill. */
  skill: number;
}

export interface EngineSettings {
  /** ISO instant with its offset; the run's clock. The engine never reads the machine's clock for its rules. */
  now: string;
  /** Global distance limit for a candidate pair, km (> 0); also where the distance part reaches 0. */
  maxDistanceKm: number;
  /** Fraction 0..1 of what each neighbourhood asked for that was met recently (missing = 0, above 1 = 1). */
  neighbourhoodMet?: Record<string, number>;
  /** Defaults: DEFAULT_WEIGHTS. */
  weights?: Partial<Weights>;
}

/** The per-unit score of a pair, by part. All whole numbers ≥ 0; the score is their sum. */
export interface ScoreParts {
  urgency: number;
  distance: number;
  expiry: number;
  fairness: number;
  skill: number;
}

export interface ProposedMatch {
  needId: string;
  offerId: string;
  kind: MatchKind;
  quantity: number;
  /** Per unit, = the sum of `parts`. */
  score: number;
  /** score × quantity. */
  value: number;
  parts: ScoreParts;
  /** Rounded to 0.1 km; the distance part is computed from this figure. */
  distanceKm: number;
}

export interface EngineResult {
  /** Sorted by needId, then offerId. */
  matches: ProposedMatch[];
  /** Sum of the matches' values: the most any assignment of these offers to these needs can reach. */
  value: number;
  /** Units (items or volunteers) proposed in all. */
  units: number;
  /** Candidate pairs considered. */
  candidates: number;
  /** Needs that get at least one unit. */
  needsServed: number;
  /** Needs that get everything they still need. */
  needsFully: number;
  /** Milliseconds spent building candidates; measured, so it differs between equal runs. */
  buildMs?: number;
  /** Milliseconds spent in the solver; measured, so it differs between equal runs. */
  solveMs?: number;
}
