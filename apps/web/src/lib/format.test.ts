import { describe, expect, it } from 'vitest';
import { formatAmount, formatFen, formatPoints, localInputToIso, pointsForMinutes } from './format';

describe('formatPoints', () => {
  it('shows whole points with thousands separators', () => {
    expect(formatPoints(0)).toBe('0');
    expect(formatPoints(7)).toBe('7');
    expect(formatPoints(1234)).toBe('1,234');
    expect(formatPoints(1234567)).toBe('1,234,567');
    expect(formatPoints(-1000)).toBe('-1,000');
  });

  it('signs statement amounts', () => {
    expect(formatPoints(20, { signed: true })).toBe('+20');
    expect(formatPoints(-5, { signed: true })).toBe('-5');
    expect(formatPoints(0, { signed: true })).toBe('0');
  });

  it('accepts bigint and refuses anything that is not a safe integer', () => {
    expect(formatPoints(9007199254740993n)).toBe('9,007,199,254,740,993');
    expect(() => formatPoints(1.5)).toThrow(RangeError);
    expect(() => formatPoints(Number.NaN)).toThrow(RangeError);
    expect(() => formatPoints(2 ** 53)).toThrow(RangeError);
  });
});

describe('formatFen', () => {
  it('shows yuan with exactly two decimals', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(10)).toBe('¥0.10');
    expect(formatFen(100)).toBe('¥1.00');
    expect(formatFen(1234)).toBe('¥12.34');
    expect(formatFen(123456)).toBe('¥1,234.56');
    // The budget of the round this platform is drawn from: ¥1,058,994.
    expect(formatFen(105899400)).toBe('¥1,058,994.00');
  });

  it('puts the sign before the currency symbol', () => {
    expect(formatFen(-5)).toBe('-¥0.05');
    expect(formatFen(-123456)).toBe('-¥1,234.56');
    expect(formatFen(1999, { signed: true })).toBe('+¥19.99');
  });

  it('is exact where binary floating point is not', () => {
    // 0.1 + 0.2 style errors cannot happen: 30 fen is 30 fen.
    expect(formatFen(10 + 20)).toBe('¥0.30');
    // Beyond 2^53 fen a number cannot hold the amount, but a bigint can.
    expect(formatFen(900719925474099312n)).toBe('¥9,007,199,254,740,993.12');
    expect(() => formatFen(12.5)).toThrow(RangeError);
  });
});

describe('formatAmount', () => {
  it('formats each asset in its own unit', () => {
    expect(formatAmount(1234, 'POINTS')).toBe('1,234');
    expect(formatAmount(1234, 'CNY')).toBe('¥12.34');
    expect(formatAmount(-30, 'POINTS', { signed: true })).toBe('-30');
  });
});

describe('pointsForMinutes', () => {
  it('rounds down to whole points as the ledger does', () => {
    expect(pointsForMinutes(60, 10)).toBe(10);
    expect(pointsForMinutes(95, 10)).toBe(15); // 15.83 → 15
    expect(pointsForMinutes(59, 1)).toBe(0);
    expect(pointsForMinutes(120, 0)).toBe(0);
    expect(pointsForMinutes(1440, 1000)).toBe(24000);
  });

  it('refuses fractions and negatives', () => {
    expect(() => pointsForMinutes(1.5, 10)).toThrow(RangeError);
    expect(() => pointsForMinutes(-1, 10)).toThrow(RangeError);
  });
});

describe('localInputToIso', () => {
  it('turns a datetime-local value into a UTC instant', () => {
    // The input is in the device's local time, whatever zone the tests run in.
    expect(localInputToIso('2026-12-01T10:00')).toBe(new Date(2026, 11, 1, 10, 0).toISOString());
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('not a date')).toBeNull();
  });
});
