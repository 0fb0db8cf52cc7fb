import { pointsForVerifiedMinutes } from './earn-rule';

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
