import { type CandidatePair, candidatePairs, listCandidates } from './candidates';
import { EARTH_RADIUS_KM, haversineKm } from './geo';
import { DEFAULT_WEIGHTS } from './score';
import type { EngineNeed, EngineOffer, EngineSettings } from './types';

const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;
/** 阳光社区, and places a given distance due north of it. */
const HOME = { lat: 31.2304, lng: 121.4737 };
const north = (km: number) => ({ lat: HOME.lat + km / KM_PER_DEGREE, lng: HOME.lng });

/** 23:30 on Monday 1 June 2026 in Shanghai. */
const NOW = '2026-06-01T23:30:00+08:00';
const settings: EngineSettings = { now: NOW, maxDistanceKm: 10 };

function need(over: Partial<EngineNeed> = {}): EngineNeed {
  return {
    id: 'n1',
    kind: 'item',
    category: 'rice_flour',
    remaining: 10,
    ...HOME,
    neighbourhood: '阳光社区',
    deadline: '2026-06-30T18:00:00+08:00',
    urgency: 3,
    beneficiaries: ['elderly'],
    ...over,
  };
}

function offer(over: Partial<EngineOffer> = {}): EngineOffer {
  return { id: 'o1', kind: 'item', categories: ['rice_flour'], available: 4, ...north(1), ...over };
}

function volunteer(over: Partial<EngineOffer> = {}): EngineOffer {
  return { id: 'v1', kind: 'skill', categories: ['tutoring'], available: 1, ...north(1), ...over };
}

/** A skill need on Wednesday 3 June 2026, 09:00–12:00 Shanghai time. */
function skillNeed(over: Partial<EngineNeed> = {}): EngineNeed {
  return need({
    kind: 'skill',
    category: 'tutoring',
    remaining: 2,
    window: { start: '2026-06-03T09:00:00+08:00', end: '2026-06-03T12:00:00+08:00' },
    ...over,
  });
}

function pairs(needs: EngineNeed[], offers: EngineOffer[], s: EngineSettings = settings): CandidatePair[] {
  return listCandidates(candidatePairs(needs, offers, s));
}

const ids = (found: CandidatePair[]) => found.map((p) => `${p.needId}→${p.offerId}`);

describe('which pairs qualify', () => {
  it('pairs items of the same category only', () => {
    expect(ids(pairs([need()], [offer()]))).toEqual(['n1→o1']);
    expect(pairs([need()], [offer({ categories: ['cooking_oil'] })])).toEqual([]);
    expect(pairs([need({ kind: 'skill', category: 'rice_flour' })], [offer()])).toEqual([]);
  });

  it('pairs a skill need with volunteers who have the skill, listed or confirmed', () => {
    expect(ids(pairs([skillNeed()], [volunteer()]))).toEqual(['n1→v1']);
    expect(ids(pairs([skillNeed()], [volunteer({ categories: [], confirmedSkills: ['tutoring'] })]))).toEqual(['n1→v1']);
    expect(pairs([skillNeed()], [volunteer({ categories: ['carpentry'] })])).toEqual([]);
    expect(pairs([skillNeed()], [offer({ categories: ['tutoring'] })])).toEqual([]);
  });

  it('keeps a pair exactly at the distance limit and drops one just beyond it', () => {
    const there = { lat: 31.2761, lng: 121.5283 };
    const km = haversineKm(HOME, there);
    expect(ids(pairs([need()], [offer(there)], { ...settings, maxDistanceKm: km }))).toEqual(['n1→o1']);
    expect(pairs([need()], [offer(there)], { ...settings, maxDistanceKm: km * (1 - 1e-12) })).toEqual([]);
    expect(pairs([need()], [offer(north(10.01))])).toEqual([]);
  });

  it('honours the donor’s distance and the volunteer’s reach', () => {
    const far = north(4);
    expect(pairs([need()], [offer({ ...far, conditions: { maxDistanceKm: 3 } })])).toEqual([]);
    expect(ids(pairs([need()], [offer({ ...far, conditions: { maxDistanceKm: 5 } })]))).toEqual(['n1→o1']);
    expect(pairs([skillNeed()], [volunteer({ ...far, reachKm: 3 })])).toEqual([]);
    expect(ids(pairs([skillNeed()], [volunteer({ ...far, reachKm: 5 })]))).toEqual(['n1→v1']);
    // The distance part still falls towards the global limit, not the donor's.
    const [pair] = pairs([need()], [offer({ ...far, conditions: { maxDistanceKm: 5 } })]);
    expect(pair!.parts.distance).toBe(120);
  });

  it('uses an item through its last day in Shanghai, not a minute longer', () => {
    // NOW is 23:30 on 1 June in Shanghai, 15:30 UTC: still 1 June.
    expect(ids(pairs([need()], [offer({ expiresOn: '2026-06-01' })]))).toEqual(['n1→o1']);
    expect(pairs([need()], [offer({ expiresOn: '2026-05-31' })])).toEqual([]);
    const midnight = { ...settings, now: '2026-06-01T16:00:00Z' };
    expect(pairs([need()], [offer({ expiresOn: '2026-06-01' })], midnight)).toEqual([]);
    expect(ids(pairs([need()], [offer({ expiresOn: '2026-06-02' })], midnight))).toEqual(['n1→o1']);
  });

  it('lets an item that expires before the need’s deadline serve it (it is used before then)', () => {
    const found = pairs([need({ deadline: '2026-08-01T00:00:00+08:00' })], [offer({ expiresOn: '2026-06-05' })]);
    expect(ids(found)).toEqual(['n1→o1']);
  });

  it('serves no need whose deadline has come', () => {
    expect(pairs([need({ deadline: NOW })], [offer()])).toEqual([]);
    expect(pairs([need({ deadline: '2026-06-01T12:00:00+08:00' })], [offer()])).toEqual([]);
    expect(ids(pairs([need({ deadline: '2026-06-01T23:30:00.001+08:00' })], [offer()]))).toEqual(['n1→o1']);
  });

  it('keeps the donor’s conditions on who benefits', () => {
    const forChildren = offer({ conditions: { beneficiaries: ['children', 'disabled'] } });
    expect(pairs([need({ beneficiaries: ['elderly'] })], [forChildren])).toEqual([]);
    expect(pairs([need({ beneficiaries: [] })], [forChildren])).toEqual([]);
    expect(ids(pairs([need({ beneficiaries: ['elderly', 'disabled'] })], [forChildren]))).toEqual(['n1→o1']);
    expect(ids(pairs([need()], [offer({ conditions: { beneficiaries: [] } })]))).toEqual(['n1→o1']);
  });

  it('gives a pair min(available, remaining) units, and a volunteer one place per need', () => {
    expect(pairs([need({ remaining: 10 })], [offer({ available: 4 })])[0]!.capacity).toBe(4);
    expect(pairs([need({ remaining: 3 })], [offer({ available: 4 })])[0]!.capacity).toBe(3);
    expect(pairs([skillNeed({ remaining: 5 })], [volunteer({ available: 2 })])[0]!.capacity).toBe(1);
    expect(pairs([need()], [offer({ available: 0 })])).toEqual([]);
  });
});

describe('volunteers’ availability', () => {
  const free = (weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7, from: string, to: string) =>
    volunteer({ availability: [{ weekday, from, to }] });
  const matches = (n: EngineNeed, v: EngineOffer, s: EngineSettings = settings) => pairs([n], [v], s).length === 1;

  it('needs part of the window, not all of it, and not just its edge', () => {
    // The window is Wednesday (3) 09:00–12:00.
    expect(matches(skillNeed(), free(3, '08:00', '10:00'))).toBe(true);
    expect(matches(skillNeed(), free(3, '11:59', '18:00'))).toBe(true);
    expect(matches(skillNeed(), free(3, '12:00', '18:00'))).toBe(false);
    expect(matches(skillNeed(), free(3, '06:00', '09:00'))).toBe(false);
    expect(matches(skillNeed(), free(2, '09:00', '12:00'))).toBe(false);
  });

  it('reads the window in Shanghai time, whatever offset it is written with', () => {
    // 02:00–03:00 UTC on Wednesday is 10:00–11:00 in Shanghai; 22:00 UTC Tuesday is 06:00 Wednesday.
    const utc = skillNeed({ window: { start: '2026-06-03T02:00:00Z', end: '2026-06-03T03:00:00Z' } });
    expect(matches(utc, free(3, '10:30', '12:00'))).toBe(true);
    expect(matches(utc, free(3, '02:00', '03:00'))).toBe(false);
    const earlyWednesday = skillNeed({ window: { start: '2026-06-02T22:00:00Z', end: '2026-06-02T23:00:00Z' } });
    expect(matches(earlyWednesday, free(3, '06:00', '07:00'))).toBe(true);
    expect(matches(earlyWednesday, free(2, '22:00', '23:00'))).toBe(false);
  });

  it('follows slots past midnight into the next day', () => {
    // Friday 22:00 – Saturday 02:00 covers a need from 01:00 to 03:00 on Saturday 6 June.
    const lateNight = skillNeed({ window: { start: '2026-06-06T01:00:00+08:00', end: '2026-06-06T03:00:00+08:00' } });
    expect(matches(lateNight, free(5, '22:00', '02:00'))).toBe(true);
    expect(matches(lateNight, free(5, '22:00', '01:00'))).toBe(false);
    expect(matches(lateNight, free(6, '22:00', '02:00'))).toBe(false);
  });

  it('follows windows and slots across Sunday midnight, where the week starts again', () => {
    // Sunday 7 June 22:00 – Monday 8 June 02:00.
    const overnight = skillNeed({ window: { start: '2026-06-07T22:00:00+08:00', end: '2026-06-08T02:00:00+08:00' } });
    expect(matches(overnight, free(1, '01:00', '06:00'))).toBe(true);
    expect(matches(overnight, free(7, '21:00', '22:30'))).toBe(true);
    expect(matches(overnight, free(1, '02:00', '06:00'))).toBe(false);
    expect(matches(overnight, free(6, '22:00', '23:00'))).toBe(false);
    const mondayAfterMidnight = skillNeed({ window: { start: '2026-06-08T00:30:00+08:00', end: '2026-06-08T01:30:00+08:00' } });
    expect(matches(mondayAfterMidnight, free(7, '23:00', '01:00'))).toBe(true);
    expect(matches(mondayAfterMidnight, free(7, '23:00', '24:00'))).toBe(false);
  });

  it('counts only what is left of a window once it has begun, and nothing once it is over', () => {
    // NOW is Monday 1 June 23:30: of a window from Monday 20:00 to Tuesday 10:00, only Monday
    // 23:30 onwards is left.
    const begun = skillNeed({ window: { start: '2026-06-01T20:00:00+08:00', end: '2026-06-02T10:00:00+08:00' } });
    expect(matches(begun, free(1, '20:00', '23:00'))).toBe(false);
    expect(matches(begun, free(2, '08:00', '09:00'))).toBe(true);
    const over = skillNeed({ window: { start: '2026-06-01T09:00:00+08:00', end: '2026-06-01T12:00:00+08:00' } });
    expect(matches(over, free(1, '09:00', '12:00'))).toBe(false);
    expect(matches(over, volunteer())).toBe(false);
  });

  it('treats a window of a week or more as any time, and a volunteer with no slots as always free', () => {
    const fortnight = skillNeed({ window: { start: '2026-06-03T09:00:00+08:00', end: '2026-06-17T09:00:00+08:00' } });
    expect(matches(fortnight, free(6, '14:00', '15:00'))).toBe(true);
    expect(matches(skillNeed(), volunteer())).toBe(true);
    expect(matches(skillNeed(), volunteer({ availability: [] }))).toBe(true);
    expect(matches(skillNeed({ window: undefined }), free(6, '14:00', '15:00'))).toBe(true);
  });

  it('checks every slot a volunteer lists', () => {
    const twoSlots = volunteer({
      availability: [
        { weekday: 1, from: '18:00', to: '20:00' },
        { weekday: 3, from: '11:00', to: '13:00' },
      ],
    });
    expect(matches(skillNeed(), twoSlots)).toBe(true);
  });
});

describe('scores', () => {
  it('matches the worked example in score.ts by hand', () => {
    // Urgency 4; 2.3 km away with a 10 km limit; usable 12 more days (1 June → 13 June);
    // 35 % of the neighbourhood's asks met lately.
    const [pair] = pairs([need({ urgency: 4 })], [offer({ ...north(2.3), expiresOn: '2026-06-13' })], {
      ...settings,
      neighbourhoodMet: { 阳光社区: 0.35 },
    });
    expect(pair).toEqual({
      needId: 'n1',
      offerId: 'o1',
      kind: 'item',
      capacity: 4,
      score: 739,
      parts: { urgency: 400, distance: 154, expiry: 120, fairness: 65, skill: 0 },
      distanceKm: 2.3,
    });
  });

  it('scores a volunteer: urgency, distance, fairness and the confirmed-skill bonus, no expiry', () => {
    const confirmed = volunteer({ id: 'v1', ...north(0.04), confirmedSkills: ['tutoring'], expiresOn: '2026-06-02' });
    const listed = volunteer({ id: 'v2', ...north(9.96) });
    const found = pairs([skillNeed({ urgency: 5 })], [confirmed, listed], { ...settings, neighbourhoodMet: { 阳光社区: 0.9 } });
    // 0.04 km shows as 0.0 km: the full 200. 9.96 km shows as 10.0 km: nothing. 1 − 0.9 → 10.
    expect(found.map((p) => [p.offerId, p.distanceKm, p.parts, p.score])).toEqual([
      ['v1', 0, { urgency: 500, distance: 200, expiry: 0, fairness: 10, skill: 50 }, 760],
      ['v2', 10, { urgency: 500, distance: 0, expiry: 0, fairness: 10, skill: 0 }, 510],
    ]);
  });

  it('gives the most expiry points to what spoils first, none past 60 days or without a date', () => {
    const expiry = (expiresOn?: string) => pairs([need()], [offer({ expiresOn })])[0]!.parts.expiry;
    expect(expiry('2026-06-01')).toBe(150);
    expect(expiry('2026-06-02')).toBe(147);
    expect(expiry('2026-07-01')).toBe(75);
    expect(expiry('2026-07-30')).toBe(2);
    expect(expiry('2026-07-31')).toBe(0);
    expect(expiry('2027-06-01')).toBe(0);
    expect(expiry(undefined)).toBe(0);
  });

  it('favours under-served neighbourhoods', () => {
    const fairness = (met?: number) =>
      pairs([need()], [offer()], { ...settings, neighbourhoodMet: met === undefined ? {} : { 阳光社区: met } })[0]!.parts
        .fairness;
    expect(fairness(undefined)).toBe(100);
    expect(fairness(0)).toBe(100);
    expect(fairness(0.255)).toBe(74);
    expect(fairness(1)).toBe(0);
    expect(fairness(1.2)).toBe(0);
  });

  it('uses the weights it is given', () => {
    const weights = { urgency: 10, distance: 0, expiry: 1000, fairness: 7, skill: 3 };
    const [pair] = pairs([need({ urgency: 2 })], [offer({ expiresOn: '2026-06-01' })], { ...settings, weights });
    expect(pair!.parts).toEqual({ urgency: 20, distance: 0, expiry: 1000, fairness: 7, skill: 0 });
    expect(DEFAULT_WEIGHTS).toEqual({ urgency: 100, distance: 200, expiry: 150, fairness: 100, skill: 50 });
  });
});

describe('inputs it refuses', () => {
  const refuses = (n: Partial<EngineNeed>, o: Partial<EngineOffer> = {}, s: Partial<EngineSettings> = {}) =>
    expect(() => candidatePairs([need(n)], [offer(o)], { ...settings, ...s })).toThrow(RangeError);

  it('throws RangeError for what the service should have caught', () => {
    refuses({ remaining: 0 });
    refuses({ remaining: 1.5 });
    refuses({ lat: 91 });
    refuses({ lng: Number.NaN });
    refuses({ kind: 'money' as 'item' });
    refuses({ urgency: 6 as 5 });
    refuses({ deadline: '2026-06-30 18:00' });
    refuses({ kind: 'skill', window: { start: '2026-06-03T12:00:00Z', end: '2026-06-03T09:00:00Z' } });
    refuses({}, { available: -1 });
    refuses({}, { lng: 181 });
    refuses({}, { kind: 'cash' as 'item' });
    refuses({}, { expiresOn: '2026-13-01' });
    refuses({}, { reachKm: -1 });
    refuses({}, {}, { now: 'now' });
    refuses({}, {}, { maxDistanceKm: 0 });
    refuses({}, {}, { neighbourhoodMet: { 阳光社区: -0.1 } });
    refuses({}, {}, { neighbourhoodMet: { 阳光社区: Number.NaN } });
    refuses({}, {}, { weights: { urgency: 1.5 } });
    expect(() => candidatePairs([need(), need()], [offer()], settings)).toThrow(/appears twice/);
  });
});

describe('finding pairs', () => {
  /** A small deterministic generator: the same data on every run. */
  function generator(seed: number) {
    let s = seed;
    return (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  }

  function randomRun(seed: number, count: number) {
    const next = generator(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const groups = ['elderly', 'children', 'disabled', 'families_in_difficulty'];
    const place = () => ({ lat: HOME.lat + (next() - 0.5) * 0.4, lng: HOME.lng + (next() - 0.5) * 0.4 });
    const needs = Array.from({ length: count }, (_, i) =>
      need({
        id: `n${i}`,
        kind: i % 3 === 0 ? 'skill' : 'item',
        category: i % 3 === 0 ? pick(['tutoring', 'carpentry']) : pick(['rice_flour', 'cooking_oil', 'medical_supplies']),
        remaining: 1 + Math.floor(next() * 20),
        ...place(),
        neighbourhood: pick(['阳光社区', '梅园社区', '新华社区']),
        urgency: pick([1, 2, 3, 4, 5] as const),
        beneficiaries: [pick(groups)],
        window: { start: '2026-06-03T09:00:00+08:00', end: '2026-06-03T12:00:00+08:00' },
      }),
    );
    const offers = Array.from({ length: count }, (_, i) =>
      i % 3 === 0
        ? volunteer({
            id: `v${i}`,
            categories: [pick(['tutoring', 'carpentry', 'cooking'])],
            ...place(),
            reachKm: next() < 0.5 ? 5 : undefined,
            availability: next() < 0.5 ? [{ weekday: pick([1, 3, 5] as const), from: '08:00', to: '10:00' }] : undefined,
          })
        : offer({
            id: `o${i}`,
            categories: [pick(['rice_flour', 'cooking_oil', 'medical_supplies'])],
            available: Math.floor(next() * 30),
            ...place(),
            expiresOn: next() < 0.5 ? pick(['2026-05-31', '2026-06-01', '2026-06-20', '2026-09-01']) : undefined,
            conditions: next() < 0.3 ? { beneficiaries: [pick(groups)], maxDistanceKm: 6 } : undefined,
          }),
    );
    return { needs, offers };
  }

  it('loses no pair to the grid: it finds what comparing every need with every offer finds', () => {
    const { needs, offers } = randomRun(42, 250);
    const found = pairs(needs, offers, { ...settings, maxDistanceKm: 8 });
    const slow: string[] = [];
    for (const n of [...needs].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      for (const o of [...offers].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        if (pairs([n], [o], { ...settings, maxDistanceKm: 8 }).length === 1) slow.push(`${n.id}→${o.id}`);
      }
    }
    expect(found.length).toBeGreaterThan(500);
    expect(ids(found)).toEqual(slow);
  });

  it('gives the same pairs in the same order, whatever the order of the input', () => {
    const { needs, offers } = randomRun(7, 300);
    const shuffle = <T>(xs: T[]): T[] => {
      const next = generator(99);
      const copy = [...xs];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    };
    expect(pairs(shuffle(needs), shuffle(offers))).toEqual(pairs(needs, offers));
  });

  it('makes every score the sum of its parts', () => {
    const { needs, offers } = randomRun(3, 300);
    const found = pairs(needs, offers, { ...settings, neighbourhoodMet: { 梅园社区: 0.6, 新华社区: 1 } });
    expect(found.length).toBeGreaterThan(100);
    for (const p of found) {
      const { urgency, distance, expiry, fairness, skill } = p.parts;
      expect(p.score).toBe(urgency + distance + expiry + fairness + skill);
      expect(Object.values(p.parts).every((part) => Number.isInteger(part) && part >= 0)).toBe(true);
    }
  });
});
