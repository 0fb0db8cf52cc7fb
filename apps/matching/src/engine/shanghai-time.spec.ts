import {
  DAY_MS,
  HOUR_MS,
  overlaps,
  parseInstant,
  parseLocalDate,
  shanghaiDay,
  weekOffset,
  weeklyIntervals,
  WEEK_MS,
  windowIntervals,
} from './shanghai-time';

const ms = (iso: string): number => parseInstant(iso, 'test');
/** Week offset of a weekday (1 = Monday) and hour, Shanghai time. */
const at = (weekday: number, hour: number): number => (weekday - 1) * DAY_MS + hour * HOUR_MS;

describe('Shanghai days', () => {
  it('counts the day in Shanghai: 16:00 UTC is already the next day', () => {
    expect(shanghaiDay(ms('2026-05-31T15:59:59.999Z'))).toBe(parseLocalDate('2026-05-31', 'd'));
    expect(shanghaiDay(ms('2026-05-31T16:00:00Z'))).toBe(parseLocalDate('2026-06-01', 'd'));
    expect(shanghaiDay(ms('2026-06-01T00:00:00+08:00'))).toBe(parseLocalDate('2026-06-01', 'd'));
  });

  it('refuses dates that do not exist and instants without an offset', () => {
    expect(() => parseLocalDate('2026-02-30', 'expiresOn')).toThrow(RangeError);
    expect(() => parseLocalDate('2026-6-1', 'expiresOn')).toThrow(RangeError);
    expect(parseLocalDate('2028-02-29', 'expiresOn')).toBe(parseLocalDate('2028-03-01', 'd') - 1);
    expect(() => parseInstant('2026-06-01T09:00:00', 'deadline')).toThrow(/with an offset/);
    expect(() => parseInstant('next Monday', 'deadline')).toThrow(RangeError);
    expect(ms('2026-06-01T09:00+08:00')).toBe(ms('2026-06-01T01:00:00.000Z'));
  });
});

describe('the week in Shanghai', () => {
  it('starts on Monday 00:00 Shanghai time, which is Sunday 16:00 UTC', () => {
    // 2026-06-01 is a Monday.
    expect(weekOffset(ms('2026-06-01T00:00:00+08:00'))).toBe(0);
    expect(weekOffset(ms('2026-05-31T16:00:00Z'))).toBe(0);
    expect(weekOffset(ms('2026-05-31T15:59:00Z'))).toBe(WEEK_MS - 60_000);
    expect(weekOffset(ms('2026-06-03T14:30:00+08:00'))).toBe(at(3, 14.5));
    expect(weekOffset(ms('1970-01-01T00:00:00+08:00'))).toBe(at(4, 0));
  });

  it('turns slots into intervals, running past midnight when `to` is before `from`', () => {
    expect(weeklyIntervals([{ weekday: 2, from: '09:00', to: '12:30' }], 'a')).toEqual([{ start: at(2, 9), end: at(2, 12.5) }]);
    expect(weeklyIntervals([{ weekday: 5, from: '22:00', to: '02:00' }], 'a')).toEqual([{ start: at(5, 22), end: at(6, 2) }]);
    expect(weeklyIntervals([{ weekday: 6, from: '18:00', to: '24:00' }], 'a')).toEqual([{ start: at(6, 18), end: at(7, 0) }]);
    // Sunday night into Monday morning wraps to the start of the week.
    expect(weeklyIntervals([{ weekday: 7, from: '23:00', to: '01:00' }], 'a')).toEqual([
      { start: at(7, 23), end: WEEK_MS },
      { start: 0, end: at(1, 1) },
    ]);
  });

  it('refuses slots it cannot read', () => {
    expect(() => weeklyIntervals([{ weekday: 1, from: '09:00', to: '09:00' }], 'a')).toThrow(/starts and ends/);
    expect(() => weeklyIntervals([{ weekday: 1, from: '24:00', to: '09:00' }], 'a')).toThrow(RangeError);
    expect(() => weeklyIntervals([{ weekday: 1, from: '9:00', to: '10:00' }], 'a')).toThrow(RangeError);
    expect(() => weeklyIntervals([{ weekday: 1, from: '09:60', to: '10:00' }], 'a')).toThrow(RangeError);
    expect(() => weeklyIntervals([{ weekday: 0 as 1, from: '09:00', to: '10:00' }], 'a')).toThrow(/weekday/);
  });

  it('places a window of instants on the week, in two pieces across Sunday midnight', () => {
    expect(windowIntervals(ms('2026-06-02T09:00+08:00'), ms('2026-06-02T11:00+08:00'))).toEqual([
      { start: at(2, 9), end: at(2, 11) },
    ]);
    expect(windowIntervals(ms('2026-06-07T22:00+08:00'), ms('2026-06-08T02:00+08:00'))).toEqual([
      { start: at(7, 22), end: WEEK_MS },
      { start: 0, end: at(1, 2) },
    ]);
    expect(windowIntervals(ms('2026-06-02T09:00+08:00'), ms('2026-06-20T09:00+08:00'))).toEqual([{ start: 0, end: WEEK_MS }]);
    expect(windowIntervals(ms('2026-06-02T09:00+08:00'), ms('2026-06-02T09:00+08:00'))).toEqual([]);
  });

  it('counts an overlap only when it has a length', () => {
    const morning = [{ start: at(1, 9), end: at(1, 12) }];
    expect(overlaps(morning, [{ start: at(1, 11), end: at(1, 13) }])).toBe(true);
    expect(overlaps(morning, [{ start: at(1, 12), end: at(1, 13) }])).toBe(false);
    expect(overlaps(morning, [{ start: at(1, 8), end: at(1, 9) }])).toBe(false);
    expect(overlaps(morning, [{ start: at(1, 10), end: at(1, 10.5) }])).toBe(true);
    expect(overlaps(morning, [])).toBe(false);
  });
});
