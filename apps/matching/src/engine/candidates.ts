/**
 * Candidate pairs: which offer may serve which need, how many units at most, and the per-unit
 * score of each pair (see `score.ts`). A pair exists only when all of these hold:
 *
 * - same kind; an item offer's category is the need's category; a skill need's skill is one of the
 *   volunteer's skills (listed or confirmed by an organizer);
 * - the haversine distance is at most `settings.maxDistanceKm`, at most the donor's
 *   `conditions.maxDistanceKm` and at most the volunteer's `reachKm`, when those are set
 *   (exactly at a limit is within it);
 * - the need's deadline is after `now`;
 * - items: the offer is still usable today in Shanghai (`expiresOn` is its last usable day). An
 *   item that expires before the need's deadline still pairs: it is used before then;
 * - the donor's `conditions.beneficiaries`, when listed (an empty list sets no condition): the
 *   need benefits at least one of those groups;
 * - skills: the part of the need's window still ahead of `now` overlaps the volunteer's weekly
 *   availability (Shanghai local time) for a stretch of positive length; a volunteer who lists no
 *   availability is free at any time, a need without a window is served at any time;
 * - the offer has something available.
 *
 * A pair can carry min(offer.available, need.remaining) units; for skills at most 1, since a
 * volunteer counts once towards a need.
 *
 * Finding pairs does not compare every need with every offer: offers are bucketed by kind and
 * category, then by a latitude/longitude grid whose cells are as large as the distance limit, and a
 * need looks only in the cells its surroundings touch. 10 000 needs × 10 000 offers yielding a
 * million pairs measure a few million distances, not a hundred million.
 *
 * Needs and offers are sorted by id first (code-unit order), and the pairs come out ordered by need,
 * then offer: equal inputs in any order give the same pairs in the same order.
 */
import { addToGrid, assertLatLng, cellsNear, emptyGrid, type GeoGrid, haversineKm } from './geo';
import { distancePart, expiryPart, fairnessPart, resolveWeights, skillPart, urgencyPart } from './score';
import {
  overlaps,
  parseInstant,
  parseLocalDate,
  shanghaiDay,
  type WeekInterval,
  weeklyIntervals,
  windowIntervals,
} from './shanghai-time';
import {
  type EngineNeed,
  type EngineOffer,
  type EngineSettings,
  MATCH_KINDS,
  type MatchKind,
  type ScoreParts,
  type Weights,
} from './types';

/**
 * The pairs, column by column (a million pairs as objects would cost far more memory and time):
 * pair `i` joins `needs[need[i]]` and `offers[offer[i]]`. `candidateAt` reads one pair as an object.
 */
export interface CandidatePairs {
  /** The input needs, sorted by id. */
  needs: readonly EngineNeed[];
  /** The input offers, sorted by id. */
  offers: readonly EngineOffer[];
  count: number;
  need: Int32Array;
  offer: Int32Array;
  /** Most units the pair may carry. */
  capacity: Int32Array;
  /** Per-unit score, the sum of the parts. */
  score: Int32Array;
  parts: { [K in keyof ScoreParts]: Int32Array };
  /** Rounded to 0.1 km. */
  distanceKm: Float64Array;
}

export interface CandidatePair {
  needId: string;
  offerId: string;
  kind: MatchKind;
  capacity: number;
  score: number;
  parts: ScoreParts;
  distanceKm: number;
}

export function candidateAt(pairs: CandidatePairs, i: number): CandidatePair {
  const need = pairs.needs[pairs.need[i]!]!;
  const offer = pairs.offers[pairs.offer[i]!]!;
  return {
    needId: need.id,
    offerId: offer.id,
    kind: need.kind,
    capacity: pairs.capacity[i]!,
    score: pairs.score[i]!,
    parts: {
      urgency: pairs.parts.urgency[i]!,
      distance: pairs.parts.distance[i]!,
      expiry: pairs.parts.expiry[i]!,
      fairness: pairs.parts.fairness[i]!,
      skill: pairs.parts.skill[i]!,
    },
    distanceKm: pairs.distanceKm[i]!,
  };
}

export function listCandidates(pairs: CandidatePairs): CandidatePair[] {
  return Array.from({ length: pairs.count }, (_, i) => candidateAt(pairs, i));
}

/** Quantities travel through the solver as 32-bit integers. */
const MAX_QUANTITY = 2 ** 31 - 1;

/** The run's settings, checked and resolved once. */
interface RunContext {
  nowMs: number;
  today: number;
  limitKm: number;
  weights: Weights;
  met: ReadonlyMap<string, number>;
}

interface PreparedNeed {
  source: EngineNeed;
  bucket: string;
  /** Whether the need can be served at all in this run (deadline ahead, window not over). */
  open: boolean;
  /** Undefined: any time. */
  window: WeekInterval[] | undefined;
  urgency: number;
  fairness: number;
}

interface PreparedOffer {
  source: EngineOffer;
  /** Buckets the offer is found in: one per category or skill. */
  buckets: string[];
  usable: boolean;
  limitKm: number;
  /** Undefined: for anyone. */
  beneficiaries: readonly string[] | undefined;
  /** Undefined: any time. */
  availability: WeekInterval[] | undefined;
  confirmed: ReadonlySet<string>;
  expiry: number;
}

function bucketOf(kind: MatchKind, category: string): string {
  return `${kind}\u0000${category}`;
}

function byId<T extends { id: string }>(items: readonly T[], what: string): T[] {
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) throw new RangeError(`${what} id "${sorted[i]!.id}" appears twice`);
  }
  return sorted;
}

function assertKind(kind: string, field: string): void {
  if (!(MATCH_KINDS as readonly string[]).includes(kind))
    throw new RangeError(`${field} must be 'item' or 'skill', got "${kind}"`);
}

function assertQuantity(n: number, field: string, min: number): void {
  if (!Number.isInteger(n) || n < min || n > MAX_QUANTITY)
    throw new RangeError(`${field} must be a whole number ≥ ${min}, got ${n}`);
}

function assertKm(km: number, field: string): void {
  if (!Number.isFinite(km) || km < 0) throw new RangeError(`${field} must be a distance ≥ 0 km, got ${km}`);
}

function resolveContext(settings: EngineSettings): RunContext {
  const nowMs = parseInstant(settings.now, 'settings.now');
  assertKm(settings.maxDistanceKm, 'settings.maxDistanceKm');
  if (settings.maxDistanceKm === 0) throw new RangeError('settings.maxDistanceKm must be more than 0');
  const met = new Map<string, number>();
  for (const [neighbourhood, fraction] of Object.entries(settings.neighbourhoodMet ?? {})) {
    if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
      throw new RangeError(`settings.neighbourhoodMet["${neighbourhood}"] must be a fraction 0…1, got ${fraction}`);
    }
    met.set(neighbourhood, fraction);
  }
  return {
    nowMs,
    today: shanghaiDay(nowMs),
    limitKm: settings.maxDistanceKm,
    weights: resolveWeights(settings.weights),
    met,
  };
}

function prepareNeed(need: EngineNeed, ctx: RunContext): PreparedNeed {
  const field = `need "${need.id}"`;
  assertKind(need.kind, `${field}.kind`);
  assertQuantity(need.remaining, `${field}.remaining`, 1);
  assertLatLng(need, field);
  if (!Number.isInteger(need.urgency) || need.urgency < 1 || need.urgency > 5) {
    throw new RangeError(`${field}.urgency must be 1…5, got ${need.urgency}`);
  }
  const deadlineMs = parseInstant(need.deadline, `${field}.deadline`);
  let open = deadlineMs > ctx.nowMs;
  let window: WeekInterval[] | undefined;
  if (need.kind === 'skill' && need.window) {
    const startMs = parseInstant(need.window.start, `${field}.window.start`);
    const endMs = parseInstant(need.window.end, `${field}.window.end`);
    if (endMs <= startMs) throw new RangeError(`${field}.window must end after it starts`);
    // Only what is still ahead counts: a volunteer free on Monday mornings is no use for a
    // window whose only Monday morning has passed.
    window = windowIntervals(Math.max(startMs, ctx.nowMs), endMs);
    open &&= window.length > 0;
  }
  return {
    source: need,
    bucket: bucketOf(need.kind, need.category),
    open,
    window,
    urgency: urgencyPart(need.urgency, ctx.weights),
    fairness: fairnessPart(ctx.met.get(need.neighbourhood) ?? 0, ctx.weights),
  };
}

function prepareOffer(offer: EngineOffer, ctx: RunContext): PreparedOffer {
  const field = `offer "${offer.id}"`;
  assertKind(offer.kind, `${field}.kind`);
  assertQuantity(offer.available, `${field}.available`, 0);
  assertLatLng(offer, field);
  let limitKm = ctx.limitKm;
  if (offer.conditions?.maxDistanceKm !== undefined) {
    assertKm(offer.conditions.maxDistanceKm, `${field}.conditions.maxDistanceKm`);
    limitKm = Math.min(limitKm, offer.conditions.maxDistanceKm);
  }
  if (offer.reachKm !== undefined) {
    assertKm(offer.reachKm, `${field}.reachKm`);
    limitKm = Math.min(limitKm, offer.reachKm);
  }
  let usable = offer.available > 0;
  let expiry = 0;
  if (offer.kind === 'item' && offer.expiresOn !== undefined) {
    const daysLeft = parseLocalDate(offer.expiresOn, `${field}.expiresOn`) - ctx.today;
    usable &&= daysLeft >= 0;
    expiry = expiryPart(daysLeft, ctx.weights);
  }
  const confirmed = new Set(offer.kind === 'skill' ? (offer.confirmedSkills ?? []) : []);
  const categories = new Set([...offer.categories, ...confirmed]);
  const availability =
    offer.kind === 'skill' && offer.availability?.length
      ? weeklyIntervals(offer.availability, `${field}.availability`)
      : undefined;
  const beneficiaries = offer.conditions?.beneficiaries;
  return {
    source: offer,
    buckets: [...categories].map((category) => bucketOf(offer.kind, category)),
    usable,
    limitKm,
    beneficiaries: beneficiaries?.length ? beneficiaries : undefined,
    availability,
    confirmed,
    expiry,
  };
}

/** The middle |latitude| of the offers: where the grid's cells are about as wide as they are tall. */
function referenceLatitude(offers: readonly PreparedOffer[]): number {
  const lats = offers.map((o) => Math.abs(o.source.lat)).sort((a, b) => a - b);
  return lats[lats.length >> 1] ?? 0;
}

/** Growing columns for the pairs; trimmed to the count at the end. */
class PairColumns {
  count = 0;
  private size: number;
  private ints: Int32Array[];
  private km: Float64Array;

  constructor(initial: number) {
    this.size = Math.max(16, initial);
    this.ints = Array.from({ length: 9 }, () => new Int32Array(this.size));
    this.km = new Float64Array(this.size);
  }

  push(need: number, offer: number, capacity: number, parts: ScoreParts, distanceKm: number): void {
    if (this.count === this.size) this.grow();
    const i = this.count++;
    const [n, o, c, s, u, d, e, f, k] = this.ints as [
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
    ];
    n[i] = need;
    o[i] = offer;
    c[i] = capacity;
    s[i] = parts.urgency + parts.distance + parts.expiry + parts.fairness + parts.skill;
    u[i] = parts.urgency;
    d[i] = parts.distance;
    e[i] = parts.expiry;
    f[i] = parts.fairness;
    k[i] = parts.skill;
    this.km[i] = distanceKm;
  }

  private grow(): void {
    this.size *= 2;
    this.ints = this.ints.map((column) => {
      const bigger = new Int32Array(this.size);
      bigger.set(column);
      return bigger;
    });
    const km = new Float64Array(this.size);
    km.set(this.km);
    this.km = km;
  }

  finish(needs: readonly EngineNeed[], offers: readonly EngineOffer[]): CandidatePairs {
    const [need, offer, capacity, score, urgency, distance, expiry, fairness, skill] = this.ints.map((column) =>
      column.subarray(0, this.count),
    ) as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
    return {
      needs,
      offers,
      count: this.count,
      need,
      offer,
      capacity,
      score,
      parts: { urgency, distance, expiry, fairness, skill },
      distanceKm: this.km.subarray(0, this.count),
    };
  }
}

/** Distance in tenths of a km, as shown to people and scored. */
function tenthsOfKm(km: number): number {
  // A distance, not an amount: rounding to the nearest tenth is what a reader expects to see.
  // eslint-disable-next-line no-restricted-syntax
  return Math.round(km * 10);
}

export function candidatePairs(
  needs: readonly EngineNeed[],
  offers: readonly EngineOffer[],
  settings: EngineSettings,
): CandidatePairs {
  const ctx = resolveContext(settings);
  const sortedNeeds = byId(needs, 'need');
  const sortedOffers = byId(offers, 'offer');
  const preparedNeeds = sortedNeeds.map((need) => prepareNeed(need, ctx));
  const preparedOffers = sortedOffers.map((offer) => prepareOffer(offer, ctx));

  const grids = new Map<string, GeoGrid>();
  const referenceLat = referenceLatitude(preparedOffers);
  preparedOffers.forEach((offer, index) => {
    if (!offer.usable) return;
    for (const bucket of offer.buckets) {
      let grid = grids.get(bucket);
      if (!grid) grids.set(bucket, (grid = emptyGrid(ctx.limitKm, referenceLat)));
      addToGrid(grid, index, offer.source);
    }
  });

  const pairs = new PairColumns(needs.length * 8);
  const distanceTo = new Float64Array(preparedOffers.length);
  const found: number[] = [];
  preparedNeeds.forEach((need, needIndex) => {
    const grid = grids.get(need.bucket);
    if (!need.open || !grid) return;
    const here = need.source;
    found.length = 0;
    for (const cell of cellsNear(grid, here)) {
      for (const offerIndex of cell) {
        const offer = preparedOffers[offerIndex]!;
        const km = haversineKm(here, offer.source);
        if (km > offer.limitKm) continue;
        if (offer.beneficiaries && !here.beneficiaries.some((group) => offer.beneficiaries!.includes(group))) continue;
        if (need.window && offer.availability && !overlaps(need.window, offer.availability)) continue;
        distanceTo[offerIndex] = km;
        found.push(offerIndex);
      }
    }
    found.sort((a, b) => a - b);
    for (const offerIndex of found) {
      const offer = preparedOffers[offerIndex]!;
      const tenths = tenthsOfKm(distanceTo[offerIndex]!);
      const perPerson = here.kind === 'skill' ? 1 : Number.POSITIVE_INFINITY;
      const capacity = Math.min(offer.source.available, here.remaining, perPerson);
      const parts: ScoreParts = {
        urgency: need.urgency,
        distance: distancePart(tenths, ctx.limitKm, ctx.weights),
        expiry: offer.expiry,
        fairness: need.fairness,
        skill: skillPart(offer.confirmed.has(here.category), ctx.weights),
      };
      pairs.push(needIndex, offerIndex, capacity, parts, tenths / 10);
    }
  });
  return pairs.finish(sortedNeeds, sortedOffers);
}
