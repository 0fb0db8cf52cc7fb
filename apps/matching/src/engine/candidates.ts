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
  if (!(MATCH_KINDS as readonly string[]).includes(kind)) {
    throw new RangeError(`${field} must be 'item' or 'skill', got "${kind}"`);
  }
}

function assertQuantity(n: number, field: string, min: number): void {
  if (!Number.isInteger(n) || n < min || n > MAX_QUANTITY) {
    throw new RangeError(`${field} must be a whole number ${min}…${MAX_QUANTITY}, got ${n}`);
  }
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
    if (!Number.isFinite(fraction) || fraction < 0) {
      throw new RangeError(`settings.neighbourhoodMet["${neighbourhood}"] must be a fraction 0…1, got ${fraction}`);
    }
    // More than asked for (deliveries beyond a need's quantity) is as served as all of it.
    met.set(neighbourhood, Math.min(1, fraction));
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
  need: Int32Array;
  offer: Int32Array;
  capacity: Int32Array;
  urgency: Int32Array;
  distance: Int32Array;
  expiry: Int32Array;
  fairness: Int32Array;
  skill: Int32Array;
  distanceKm: Float64Array;

  constructor(private size: number) {
    this.need = new Int32Array(size);
    this.offer = new Int32Array(size);
    this.capacity = new Int32Array(size);
    this.urgency = new Int32Array(size);
    this.distance = new Int32Array(size);
    this.expiry = new Int32Array(size);
    this.fairness = new Int32Array(size);
    this.skill = new Int32Array(size);
    this.distanceKm = new Float64Array(size);
  }

  /** Makes room for one more pair and returns its index. */
  next(): number {
    if (this.count === this.size) {
      this.size *= 2;
      this.need = grown(this.need, this.size);
      this.offer = grown(this.offer, this.size);
      this.capacity = grown(this.capacity, this.size);
      this.urgency = grown(this.urgency, this.size);
      this.distance = grown(this.distance, this.size);
      this.expiry = grown(this.expiry, this.size);
      this.fairness = grown(this.fairness, this.size);
      this.skill = grown(this.skill, this.size);
      const km = new Float64Array(this.size);
      km.set(this.distanceKm);
      this.distanceKm = km;
    }
    return this.count++;
  }

  finish(needs: readonly EngineNeed[], offers: readonly EngineOffer[]): CandidatePairs {
    const n = this.count;
    const score = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      score[i] = this.urgency[i]! + this.distance[i]! + this.expiry[i]! + this.fairness[i]! + this.skill[i]!;
    }
    return {
      needs,
      offers,
      count: n,
      need: this.need.subarray(0, n),
      offer: this.offer.subarray(0, n),
      capacity: this.capacity.subarray(0, n),
      score,
      parts: {
        urgency: this.urgency.subarray(0, n),
        distance: this.distance.subarray(0, n),
        expiry: this.expiry.subarray(0, n),
        fairness: this.fairness.subarray(0, n),
        skill: this.skill.subarray(0, n),
      },
      distanceKm: this.distanceKm.subarray(0, n),
    };
  }
}

function grown(column: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(size);
  bigger.set(column);
  return bigger;
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

  const pairs = new PairColumns(Math.max(16, needs.length * 8));
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
    // A volunteer counts once towards a need, whatever `available` says.
    const most = here.kind === 'skill' ? Math.min(1, here.remaining) : here.remaining;
    for (const offerIndex of found) {
      const offer = preparedOffers[offerIndex]!;
      const tenths = tenthsOfKm(distanceTo[offerIndex]!);
      const i = pairs.next();
      pairs.need[i] = needIndex;
      pairs.offer[i] = offerIndex;
      pairs.capacity[i] = Math.min(offer.source.available, most);
      pairs.urgency[i] = need.urgency;
      pairs.distance[i] = distancePart(tenths, ctx.limitKm, ctx.weights);
      pairs.expiry[i] = offer.expiry;
      pairs.fairness[i] = need.fairness;
      pairs.skill[i] = skillPart(offer.confirmed.has(here.category), ctx.weights);
      pairs.distanceKm[i] = tenths / 10;
    }
  });
  return pairs.finish(sortedNeeds, sortedOffers);
}
