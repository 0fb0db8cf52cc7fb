import { greedyTransport } from '@goodloop/assignment';
import { candidatePairs, listCandidates } from './candidates';
import { EARTH_RADIUS_KM } from './geo';
import { proposals, runEngine, transportProblem } from './run-engine';
import type { EngineNeed, EngineOffer, EngineResult, EngineSettings } from './types';

const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;
const HOME = { lat: 31.2304, lng: 121.4737 };
/** A place `km` due north of HOME (negative: south). */
const north = (km: number) => ({ lat: HOME.lat + km / KM_PER_DEGREE, lng: HOME.lng });

const settings: EngineSettings = { now: '2026-06-01T10:00:00+08:00', maxDistanceKm: 8 };

function need(id: string, over: Partial<EngineNeed> = {}): EngineNeed {
  return {
    id,
    kind: 'item',
    category: 'rice_flour',
    remaining: 1,
    ...HOME,
    neighbourhood: '阳光社区',
    deadline: '2026-06-30T18:00:00+08:00',
    urgency: 3,
    beneficiaries: ['elderly'],
    ...over,
  };
}

function offer(id: string, over: Partial<EngineOffer> = {}): EngineOffer {
  return { id, kind: 'item', categories: ['rice_flour'], available: 1, ...HOME, ...over };
}

/** Everything but the measured times, which differ between equal runs. */
function decided(result: EngineResult): Omit<EngineResult, 'buildMs' | 'solveMs'> {
  const { buildMs: _b, solveMs: _s, ...rest } = result;
  return rest;
}

describe('where the best pair first goes wrong', () => {
  // X (urgency 5) sits at HOME, Y (urgency 3) 6 km north. Offer A, 3 km north, can reach both;
  // offer B, 4 km south, reaches only X (Y is 10 km from it, beyond the 8 km limit).
  // Per unit: A→X 500 + ⌊200 × 50 / 80⌋ = 125 + fairness 100 = 725; A→Y 300 + 125 + 100 = 525;
  // B→X 500 + ⌊200 × 40 / 80⌋ = 100 + 100 = 700.
  const needs = [need('X', { urgency: 5 }), need('Y', { ...north(6) })];
  const offers = [offer('A', north(3)), offer('B', north(-4))];

  it('finds the pairs and scores the example says', () => {
    expect(listCandidates(candidatePairs(needs, offers, settings)).map((p) => `${p.needId}←${p.offerId} ${p.score}`)).toEqual([
      'X←A 725',
      'X←B 700',
      'Y←A 525',
    ]);
  });

  it('serves both needs, where taking the best pair first serves one', () => {
    const pairs = candidatePairs(needs, offers, settings);
    const greedy = proposals(pairs, greedyTransport(transportProblem(pairs)).flows);
    expect(greedy.matches.map((m) => `${m.needId}←${m.offerId}`)).toEqual(['X←A']);
    expect(greedy.value).toBe(725);

    const result = runEngine(needs, offers, settings);
    expect(result.matches.map((m) => `${m.needId}←${m.offerId} ×${m.quantity}`)).toEqual(['X←B ×1', 'Y←A ×1']);
    expect(result.value).toBe(700 + 525);
    expect([result.needsServed, result.needsFully, result.units, result.candidates]).toEqual([2, 2, 2, 3]);
  });

  it('splits quantities where that is worth more', () => {
    // X needs 10, Y 6; A has 10, B 4. Best: B's 4 and 6 of A's to X, A's other 4 to Y:
    // 4 × 700 + 6 × 725 + 4 × 525 = 9 250. The best pair first sends all of A to X: 7 250.
    const big = [need('X', { urgency: 5, remaining: 10 }), need('Y', { ...north(6), remaining: 6 })];
    const stock = [offer('A', { ...north(3), available: 10 }), offer('B', { ...north(-4), available: 4 })];
    const result = runEngine(big, stock, settings);
    expect(result.matches.map((m) => [m.needId, m.offerId, m.quantity, m.score, m.value])).toEqual([
      ['X', 'A', 6, 725, 4350],
      ['X', 'B', 4, 700, 2800],
      ['Y', 'A', 4, 525, 2100],
    ]);
    expect([result.value, result.units, result.needsServed, result.needsFully]).toEqual([9250, 14, 2, 1]);
    const pairs = candidatePairs(big, stock, settings);
    expect(greedyTransport(transportProblem(pairs)).value).toBe(7250);
  });
});

describe('runEngine', () => {
  function generator(seed: number) {
    let s = seed;
    return (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  }

  function randomRun(seed: number, count: number): { needs: EngineNeed[]; offers: EngineOffer[] } {
    const next = generator(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const place = () => ({ lat: HOME.lat + (next() - 0.5) * 0.2, lng: HOME.lng + (next() - 0.5) * 0.2 });
    const needs = Array.from({ length: count }, (_, i) =>
      need(`n${String(i).padStart(3, '0')}`, {
        kind: i % 4 === 0 ? 'skill' : 'item',
        category: i % 4 === 0 ? 'tutoring' : pick(['rice_flour', 'cooking_oil']),
        remaining: 1 + Math.floor(next() * 12),
        ...place(),
        neighbourhood: pick(['阳光社区', '梅园社区']),
        urgency: pick([1, 2, 3, 4, 5] as const),
      }),
    );
    const offers = Array.from({ length: count }, (_, i) =>
      offer(`o${String(i).padStart(3, '0')}`, {
        kind: i % 4 === 0 ? 'skill' : 'item',
        categories: i % 4 === 0 ? ['tutoring'] : [pick(['rice_flour', 'cooking_oil'])],
        confirmedSkills: i % 8 === 0 ? ['tutoring'] : undefined,
        available: i % 4 === 0 ? 1 : Math.floor(next() * 15),
        ...place(),
        expiresOn: next() < 0.4 ? pick(['2026-06-03', '2026-06-20', '2026-07-25']) : undefined,
      }),
    );
    return { needs, offers };
  }

  const withMet = { ...settings, maxDistanceKm: 4, neighbourhoodMet: { 梅园社区: 0.7 } };

  it('keeps within what each offer has and each need still needs, and only along candidate pairs', () => {
    const { needs, offers } = randomRun(5, 150);
    const result = runEngine(needs, offers, withMet);
    const candidates = new Map(
      listCandidates(candidatePairs(needs, offers, withMet)).map((p) => [`${p.needId}|${p.offerId}`, p]),
    );
    const given = new Map<string, number>();
    const received = new Map<string, number>();
    for (const m of result.matches) {
      const pair = candidates.get(`${m.needId}|${m.offerId}`)!;
      expect(pair).toBeDefined();
      expect(m.quantity).toBeGreaterThan(0);
      expect(m.quantity).toBeLessThanOrEqual(pair.capacity);
      expect([m.score, m.parts, m.distanceKm, m.kind]).toEqual([pair.score, pair.parts, pair.distanceKm, pair.kind]);
      expect(m.value).toBe(m.score * m.quantity);
      given.set(m.offerId, (given.get(m.offerId) ?? 0) + m.quantity);
      received.set(m.needId, (received.get(m.needId) ?? 0) + m.quantity);
    }
    offers.forEach((o) => expect(given.get(o.id) ?? 0).toBeLessThanOrEqual(o.available));
    needs.forEach((n) => expect(received.get(n.id) ?? 0).toBeLessThanOrEqual(n.remaining));
    expect(result.value).toBe(result.matches.reduce((sum, m) => sum + m.value, 0));
    expect(result.units).toBe(result.matches.reduce((sum, m) => sum + m.quantity, 0));
    expect(result.needsServed).toBe(received.size);
    expect(result.needsFully).toBe(needs.filter((n) => received.get(n.id) === n.remaining).length);
    expect(result.candidates).toBe(candidates.size);
    expect(result.matches.length).toBeGreaterThan(50);
  });

  it('sorts matches by need, then offer', () => {
    const { needs, offers } = randomRun(6, 150);
    const keys = runEngine(needs, offers, withMet).matches.map((m) => [m.needId, m.offerId]);
    const sorted = [...keys].sort(([n1, o1], [n2, o2]) => (n1! < n2! ? -1 : n1! > n2! ? 1 : o1! < o2! ? -1 : o1! > o2! ? 1 : 0));
    expect(keys).toEqual(sorted);
  });

  it('never does worse than the best pair first, and here does better', () => {
    for (const seed of [1, 2, 3, 4]) {
      const { needs, offers } = randomRun(seed, 120);
      const pairs = candidatePairs(needs, offers, withMet);
      const greedy = greedyTransport(transportProblem(pairs));
      const result = runEngine(needs, offers, withMet);
      expect(result.value).toBeGreaterThanOrEqual(greedy.value);
      if (seed === 1) expect(result.value).toBeGreaterThan(greedy.value);
    }
  });

  it('gives the same result whatever the order of the input', () => {
    const { needs, offers } = randomRun(9, 200);
    const next = generator(1234);
    const shuffle = <T>(xs: readonly T[]): T[] => {
      const copy = [...xs];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    };
    const first = decided(runEngine(needs, offers, withMet));
    expect(first.matches.length).toBeGreaterThan(50);
    for (let round = 0; round < 3; round++) {
      expect(decided(runEngine(shuffle(needs), shuffle(offers), withMet))).toEqual(first);
    }
  });

  it('proposes nothing when nothing pairs, and reports what it measured', () => {
    const result = runEngine([need('X', { category: 'flour' })], [offer('A')], settings);
    expect(decided(result)).toEqual({ matches: [], value: 0, units: 0, candidates: 0, needsServed: 0, needsFully: 0 });
    expect(result.buildMs).toBeGreaterThanOrEqual(0);
    expect(result.solveMs).toBeGreaterThanOrEqual(0);
    expect(decided(runEngine([], [], settings))).toEqual({
      matches: [],
      value: 0,
      units: 0,
      candidates: 0,
      needsServed: 0,
      needsFully: 0,
    });
  });
});
