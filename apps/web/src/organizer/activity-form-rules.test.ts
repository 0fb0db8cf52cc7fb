import { describe, expect, it } from 'vitest';
import { ACTIVITY_LIMITS, checkWholeNumber, startsInThePast, textLength, tooLong } from './activity-form-rules';

describe("the publish form's rules", () => {
  it('uses the API’s own bounds', () => {
    expect(ACTIVITY_LIMITS).toEqual({
      titleMax: 120,
      descriptionMax: 4000,
      placeNameMax: 120,
      placeAddressMax: 300,
      capacityMin: 1,
      capacityMax: 10_000,
      pointsMin: 0,
      pointsMax: 1000,
    });
  });

  it('refuses instead of clamping or rounding a count', () => {
    expect(checkWholeNumber(0, 1, 10_000)).toBe('outOfRange');
    expect(checkWholeNumber(10_001, 1, 10_000)).toBe('outOfRange');
    expect(checkWholeNumber(-5, 0, 1000)).toBe('outOfRange');
    expect(checkWholeNumber(2.5, 1, 10_000)).toBe('notWhole');
    expect(checkWholeNumber(Number.NaN, 1, 10_000)).toBe('notWhole');
    expect(checkWholeNumber('3', 1, 10_000)).toBe('notWhole');
    expect(checkWholeNumber(null, 1, 10_000)).toBe('required');
    expect(checkWholeNumber(undefined, 1, 10_000)).toBe('required');
    expect(checkWholeNumber(1, 1, 10_000)).toBeNull();
    expect(checkWholeNumber(10_000, 1, 10_000)).toBeNull();
    expect(checkWholeNumber(0, 0, 1000)).toBeNull();
  });

  it('counts text as the API does: trimmed, one per character (an emoji is one)', () => {
    expect(textLength('  读报  ')).toBe(2);
    expect(textLength('🌱读报')).toBe(3);
    expect(textLength(undefined)).toBe(0);
    expect(tooLong('字'.repeat(120), 120)).toBe(false);
    expect(tooLong('字'.repeat(121), 120)).toBe(true);
    expect(tooLong(`${'字'.repeat(120)}   `, 120)).toBe(false);
  });

  it('says when the start has passed (a warning: entering a past activity is allowed)', () => {
    const now = new Date('2026-12-01T10:00:00.000Z');
    expect(startsInThePast('2026-12-01T09:59', now)).toBe(true);
    expect(startsInThePast('2026-12-01T10:01', now)).toBe(false);
    expect(startsInThePast('', now)).toBe(false);
    expect(startsInThePast(undefined, now)).toBe(false);
  });
});
