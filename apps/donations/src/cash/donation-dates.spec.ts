import { chinaYear } from '../shared/access';
import { nextMonth, receiptNumber } from './donations.service';

describe('monthly gifts and receipt numbers', () => {
  it('moves a monthly gift to the same day next month, or the month’s last day', () => {
    expect(nextMonth(new Date('2026-01-15T02:00:00Z')).toISOString()).toBe('2026-02-15T02:00:00.000Z');
    expect(nextMonth(new Date('2026-01-31T02:00:00Z')).toISOString()).toBe('2026-02-28T02:00:00.000Z');
    expect(nextMonth(new Date('2028-01-31T02:00:00Z')).toISOString()).toBe('2028-02-29T02:00:00.000Z');
    expect(nextMonth(new Date('2026-12-31T02:00:00Z')).toISOString()).toBe('2027-01-31T02:00:00.000Z');
  });

  it('numbers receipts by year and a six-digit sequence', () => {
    expect(receiptNumber(2026, 42)).toBe('2026-000042');
    expect(receiptNumber(2027, 1_234_567)).toBe('2027-1234567');
  });

  it('counts the year in China: 31 December 17:00 UTC is already next year', () => {
    expect(chinaYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(chinaYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });
});
