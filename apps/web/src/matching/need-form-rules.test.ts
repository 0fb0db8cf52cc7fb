import { describe, expect, it } from 'vitest';
import { checkFutureMoment, endsAfterStart, parseCoordinate, slotEndsAfterStart } from './need-form-rules';

describe('the need form refuses without changing', () => {
  it('reads coordinates as typed, and refuses what is not one', () => {
    expect(parseCoordinate('30.6598', 'lat')).toEqual({ ok: true, value: 30.6598 });
    expect(parseCoordinate(' -104.0657 ', 'lng')).toEqual({ ok: true, value: -104.0657 });
    expect(parseCoordinate('', 'lat')).toEqual({ ok: false, problem: 'required' });
    expect(parseCoordinate('30,66', 'lat')).toEqual({ ok: false, problem: 'format' });
    expect(parseCoordinate('3e1', 'lat')).toEqual({ ok: false, problem: 'format' });
    expect(parseCoordinate('91', 'lat')).toEqual({ ok: false, problem: 'range' });
    expect(parseCoordinate('91', 'lng')).toEqual({ ok: true, value: 91 });
    expect(parseCoordinate('-180.5', 'lng')).toEqual({ ok: false, problem: 'range' });
  });

  it('wants a deadline still to come', () => {
    const now = new Date('2026-12-01T02:00:00.000Z');
    expect(checkFutureMoment(undefined, now)).toBe('required');
    expect(checkFutureMoment('not a date', now)).toBe('invalid');
    // The test runs with TZ=UTC: "2026-12-01T01:00" is an hour before `now`.
    expect(checkFutureMoment('2026-12-01T01:00', now)).toBe('past');
    expect(checkFutureMoment('2026-12-01T03:00', now)).toBeNull();
  });

  it('wants a window and a weekly slot to end after they start', () => {
    expect(endsAfterStart('2026-12-01T10:00', '2026-12-01T12:00')).toBe(true);
    expect(endsAfterStart('2026-12-01T10:00', '2026-12-01T10:00')).toBe(false);
    expect(endsAfterStart(undefined, '2026-12-01T10:00')).toBe(true);
    expect(slotEndsAfterStart('09:00', '17:30')).toBe(true);
    expect(slotEndsAfterStart('18:00', '09:00')).toBe(false);
    expect(slotEndsAfterStart('20:00', '24:00')).toBe(true);
  });
});
