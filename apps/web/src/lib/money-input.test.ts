import { describe, expect, it } from 'vitest';
import { fenToYuanInput, parseWholeNumber, parseYuanToFen } from './money-input';

describe('parseYuanToFen', () => {
  it('reads yuan as whole fen without floating point', () => {
    expect(parseYuanToFen('12.3')).toEqual({ ok: true, value: 1230 });
    expect(parseYuanToFen('0.01')).toEqual({ ok: true, value: 1 });
    expect(parseYuanToFen('100')).toEqual({ ok: true, value: 10000 });
    expect(parseYuanToFen('100.00')).toEqual({ ok: true, value: 10000 });
    expect(parseYuanToFen(' 5.5 ')).toEqual({ ok: true, value: 550 });
    expect(parseYuanToFen('.5')).toEqual({ ok: true, value: 50 });
    expect(parseYuanToFen('7.')).toEqual({ ok: true, value: 700 });
    expect(parseYuanToFen('007.10')).toEqual({ ok: true, value: 710 });
    // 0.29 × 100 is 28.999999999999996 in binary floating point; read as digits it is 29.
    expect(parseYuanToFen('0.29')).toEqual({ ok: true, value: 29 });
    expect(parseYuanToFen('1.15')).toEqual({ ok: true, value: 115 });
  });

  it('refuses more than two decimals instead of rounding', () => {
    expect(parseYuanToFen('1.234')).toEqual({ ok: false, problem: 'decimals' });
    expect(parseYuanToFen('0.001')).toEqual({ ok: false, problem: 'decimals' });
  });

  it('refuses signs, exponents, separators and other text', () => {
    for (const text of ['-1', '+1', '1e3', '1E3', '1,000', '¥5', '5元', 'abc', '1.2.3', '.', ' . ', 'Infinity', 'NaN', '0x10']) {
      expect([text, parseYuanToFen(text)]).toEqual([text, { ok: false, problem: 'format' }]);
    }
  });

  it('refuses an empty amount as required', () => {
    expect(parseYuanToFen('')).toEqual({ ok: false, problem: 'required' });
    expect(parseYuanToFen('   ')).toEqual({ ok: false, problem: 'required' });
    expect(parseYuanToFen(undefined)).toEqual({ ok: false, problem: 'required' });
  });

  it('checks the bounds in fen', () => {
    expect(parseYuanToFen('0')).toEqual({ ok: false, problem: 'tooSmall' });
    expect(parseYuanToFen('0.00')).toEqual({ ok: false, problem: 'tooSmall' });
    expect(parseYuanToFen('0', { min: 0 })).toEqual({ ok: true, value: 0 });
    expect(parseYuanToFen('1000000', { max: 100_000_000 })).toEqual({ ok: true, value: 100_000_000 });
    expect(parseYuanToFen('1000000.01', { max: 100_000_000 })).toEqual({ ok: false, problem: 'tooLarge' });
    expect(parseYuanToFen('9999999999999999999')).toEqual({ ok: false, problem: 'tooLarge' });
  });
});

describe('parseWholeNumber', () => {
  it('reads whole numbers within the bounds', () => {
    expect(parseWholeNumber('3', 1, 10)).toEqual({ ok: true, value: 3 });
    expect(parseWholeNumber(3, 1, 10)).toEqual({ ok: true, value: 3 });
    expect(parseWholeNumber('010', 1, 10)).toEqual({ ok: true, value: 10 });
  });

  it('refuses decimals, signs, exponents and numbers out of range', () => {
    expect(parseWholeNumber('2.5', 1, 10)).toEqual({ ok: false, problem: 'decimals' });
    expect(parseWholeNumber(2.5, 1, 10)).toEqual({ ok: false, problem: 'decimals' });
    expect(parseWholeNumber('-1', 1, 10)).toEqual({ ok: false, problem: 'format' });
    expect(parseWholeNumber('1e3', 1, 10)).toEqual({ ok: false, problem: 'format' });
    expect(parseWholeNumber('0', 1, 10)).toEqual({ ok: false, problem: 'tooSmall' });
    expect(parseWholeNumber('11', 1, 10)).toEqual({ ok: false, problem: 'tooLarge' });
    expect(parseWholeNumber('', 1, 10)).toEqual({ ok: false, problem: 'required' });
  });
});

describe('fenToYuanInput', () => {
  it('writes fen as exact yuan', () => {
    expect(fenToYuanInput(1230)).toBe('12.30');
    expect(fenToYuanInput(1)).toBe('0.01');
    expect(fenToYuanInput(0)).toBe('0.00');
  });
});
