import { applyCaps, expiryOf, localDay, pointsForVerifiedMinutes, quoteEarn, ruleInForce } from './earn-rule';

describe('pointsForVerifiedMinutes', () => {
  it('floors minutes × points per hour / 60', () => {
    expect(pointsForVerifiedMinutes(95, 10)).toBe(15); // 950 point-minutes → 15 and 50 left over
    expect(pointsForVerifiedMinutes(60, 10)).toBe(10);
    expect(pointsForVerifiedMinutes(59, 1)).toBe(0);
    expect(pointsForVerifiedMinutes(120, 7)).toBe(14);
    expect(pointsForVerifiedMinutes(1, 59)).toBe(0);
    expect(pointsForVerifiedMinutes(1, 60)).toBe(1);
  });

  it('gives nothing for no time or no rate', () => {
    expect(pointsForVerifiedMinutes(0, 10)).toBe(0);
    expect(pointsForVerifiedMinutes(95, 0)).toBe(0);
  });

  it('handles the largest day the contract allows exactly', () => {
    expect(pointsForVerifiedMinutes(24 * 60, 1000)).toBe(24_000);
  });

  it('agrees with exact rational floor for every minute count up to a day', () => {
    for (let minutes = 0; minutes <= 1440; minutes += 7) {
      for (const rate of [1, 3, 10, 17, 999]) {
        const expected = Number((BigInt(minutes) * BigInt(rate)) / 60n);
        expect(pointsForVerifiedMinutes(minutes, rate)).toBe(expected);
      }
    }
  });

  it('refuses fractions and negatives', () => {
    expect(() => pointsForVerifiedMinutes(1.5, 10)).toThrow(RangeError);
    expect(() => pointsForVerifiedMinutes(-1, 10)).toThrow(RangeError);
    expect(() => pointsForVerifiedMinutes(10, 0.5)).toThrow(RangeError);
  });
});

describe('earn rule versions, bonuses and caps', () => {
  const v1 = { version: 1, effectiveFrom: new Date('2026-01-01T00:00:00Z'), pointsPerHour: null, categoryBonus: {} };
  const v2 = { version: 2, effectiveFrom: new Date('2026-06-01T00:00:00Z'), pointsPerHour: 12, categoryBonus: { elderly: 5 } };

  it('picks the version in force at the moment of verification', () => {
    expect(ruleInForce([v1, v2], new Date('2026-05-31T23:59:59Z'))?.version).toBe(1);
    expect(ruleInForce([v2, v1], new Date('2026-06-01T00:00:00Z'))?.version).toBe(2);
    expect(ruleInForce([v1, v2], new Date('2025-12-31T00:00:00Z'))).toBeUndefined();
  });

  it("uses the activity's rate when the rule leaves it open, else the rule's, plus the category bonus", () => {
    expect(quoteEarn(v1, { minutes: 95, activityPointsPerHour: 10, category: 'elderly' })).toEqual({
      hourly: 15,
      bonus: 0,
      uncapped: 15,
    });
    expect(quoteEarn(v2, { minutes: 95, activityPointsPerHour: 10, category: 'elderly' })).toEqual({
      hourly: 19,
      bonus: 5,
      uncapped: 24,
    });
    expect(quoteEarn(v2, { minutes: 95, activityPointsPerHour: 10, category: 'children' }).bonus).toBe(0);
    expect(quoteEarn(v2, { minutes: 0, activityPointsPerHour: 10, category: 'elderly' }).uncapped).toBe(0);
  });

  it('pays no more than what is left of the daily and the monthly cap', () => {
    expect(applyCaps(20, { dailyCap: 50, monthlyCap: 300 }, { today: 40, thisMonth: 295 })).toBe(5);
    expect(applyCaps(20, { dailyCap: 50, monthlyCap: null }, { today: 40, thisMonth: 10_000 })).toBe(10);
    expect(applyCaps(20, { dailyCap: null, monthlyCap: null }, { today: 1e6, thisMonth: 1e6 })).toBe(20);
    expect(applyCaps(20, { dailyCap: 50, monthlyCap: 300 }, { today: 60, thisMonth: 0 })).toBe(0);
  });

  it("counts days in the programme's time zone", () => {
    // 17:30 UTC on 31 May is 01:30 on 1 June in Shanghai.
    expect(localDay(new Date('2026-05-31T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-06-01');
    expect(localDay(new Date('2026-05-31T17:30:00Z'), 'UTC')).toBe('2026-05-31');
  });

  it('sets the expiry a lifetime after the earn, or none', () => {
    expect(expiryOf(new Date('2026-01-01T00:00:00Z'), 365)?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(expiryOf(new Date('2026-01-01T00:00:00Z'), null)).toBeUndefined();
  });
});
