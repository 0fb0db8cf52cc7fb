/*
 * Amounts typed by a person, read without floating point: "12.3" yuan is 1230 fen because the
 * digits are read as digits (12 × 100 + 30), never as 12.3 × 100. Nothing is rounded, clamped or
 * guessed: anything that is not plainly an amount is refused with the reason, and the form shows
 * it next to what was typed.
 */

/** Why a typed amount is refused. */
export type AmountProblem = 'required' | 'format' | 'decimals' | 'tooSmall' | 'tooLarge';

export type ParsedAmount = { ok: true; value: number } | { ok: false; problem: AmountProblem };

/** Digits, optionally a point and up to any number of digits after it: "12", "12.", "12.3", ".5". */
const YUAN_SHAPE = /^(\d*)(?:\.(\d*))?$/;

/**
 * Yuan as typed ("12.3", "0.01", "1,000.5" is refused) to whole fen. Surrounding spaces are
 * ignored; signs, exponents, separators, letters and more than two decimals are refused.
 * `min`/`max` are in fen (defaults: 1 fen and Number.MAX_SAFE_INTEGER).
 */
export function parseYuanToFen(input: string | null | undefined, bounds: { min?: number; max?: number } = {}): ParsedAmount {
  const text = (input ?? '').trim();
  if (text === '') return { ok: false, problem: 'required' };
  const match = YUAN_SHAPE.exec(text);
  if (!match) return { ok: false, problem: 'format' };
  const whole = match[1] ?? '';
  const decimals = match[2] ?? '';
  if (whole === '' && decimals === '') return { ok: false, problem: 'format' };
  if (decimals.length > 2) return { ok: false, problem: 'decimals' };
  // Leading zeros are harmless ("007"); a 16-digit yuan amount is already past any limit.
  const wholeDigits = whole.replace(/^0+(?=\d)/, '');
  if (wholeDigits.length > 15) return { ok: false, problem: 'tooLarge' };
  const fen = BigInt(wholeDigits || '0') * 100n + BigInt(decimals.padEnd(2, '0'));
  const min = BigInt(bounds.min ?? 1);
  const max = BigInt(bounds.max ?? Number.MAX_SAFE_INTEGER);
  if (fen < min) return { ok: false, problem: 'tooSmall' };
  if (fen > max) return { ok: false, problem: 'tooLarge' };
  return { ok: true, value: Number(fen) };
}

/**
 * A whole number as typed ("3"), for quantities and points. Decimals, signs, exponents and
 * anything else are refused; so is a number outside [min, max].
 */
export function parseWholeNumber(input: string | number | null | undefined, min: number, max: number): ParsedAmount {
  const text = typeof input === 'number' ? String(input) : (input ?? '').trim();
  if (text === '') return { ok: false, problem: 'required' };
  if (/^\d+\.\d*$/.test(text)) return { ok: false, problem: 'decimals' };
  if (!/^\d+$/.test(text)) return { ok: false, problem: 'format' };
  const digits = text.replace(/^0+(?=\d)/, '');
  if (digits.length > 15) return { ok: false, problem: 'tooLarge' };
  const value = Number(digits);
  if (value < min) return { ok: false, problem: 'tooSmall' };
  if (value > max) return { ok: false, problem: 'tooLarge' };
  return { ok: true, value };
}

/** Fen as yuan text for an input box, exact: 1230 → "12.30". */
export function fenToYuanInput(fen: number): string {
  const value = BigInt(fen);
  const sign = value < 0n ? '-' : '';
  const magnitude = value < 0n ? -value : value;
  return `${sign}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
}
