import { checkInCodeMatches, generateCheckInCode } from './check-in-code';

describe('generateCheckInCode', () => {
  it('always gives six digits, zero-padded', () => {
    expect(generateCheckInCode(() => 0)).toBe('000000');
    expect(generateCheckInCode(() => 4821)).toBe('004821');
    expect(generateCheckInCode(() => 999_999)).toBe('999999');
    for (let i = 0; i < 200; i++) expect(generateCheckInCode()).toMatch(/^\d{6}$/);
  });

  it('refuses a random source that leaves the range', () => {
    expect(() => generateCheckInCode(() => 1_000_000)).toThrow(RangeError);
    expect(() => generateCheckInCode(() => -1)).toThrow(RangeError);
    expect(() => generateCheckInCode(() => 1.5)).toThrow(RangeError);
  });
});

describe('checkInCodeMatches', () => {
  it('matches the exact code only', () => {
    expect(checkInCodeMatches('004821', '004821')).toBe(true);
    expect(checkInCodeMatches('004821', '004822')).toBe(false);
    expect(checkInCodeMatches('004821', '4821')).toBe(false);
    expect(checkInCodeMatches('004821', ' 004821')).toBe(false);
    expect(checkInCodeMatches('004821', '００４８２１')).toBe(false);
    expect(checkInCodeMatches('004821', undefined)).toBe(false);
    expect(checkInCodeMatches('004821', null)).toBe(false);
    expect(checkInCodeMatches('004821', '')).toBe(false);
  });
});
