/**
 * How amounts read on a screen, the same in every app: whole points with thousands separators,
 * and fen as yuan with two decimals.
 *
 * Amounts arrive as safe integers in their minor unit (whole points; fen for CNY) and are only
 * ever turned into text here. Fen are split into yuan and fen with integer division and
 * remainder on bigint, so no amount passes through a binary fraction:
 *   123456 fen → 1234n yuan, 56n fen → "¥1,234.56";  -5 fen → 0n yuan, 5n fen → "-¥0.05".
 *
 * No imports: the web app loads this file as it is (an alias in its Vite config).
 */

export type Asset = 'POINTS' | 'CNY';

export interface AmountFormatOptions {
  /** Prefix positive amounts with "+" (statements show signed amounts). */
  signed?: boolean;
}

function toBigInt(amount: number | bigint, what: string): bigint {
  if (typeof amount === 'bigint') return amount;
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`${what} must be a safe integer, got ${String(amount)}`);
  }
  return BigInt(amount);
}

/** "1234567" → "1,234,567". */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function sign(value: bigint, signed: boolean | undefined): string {
  if (value < 0n) return '-';
  return signed && value > 0n ? '+' : '';
}

/** Whole points with thousands separators: 1234 → "1,234"; signed: 20 → "+20", -5 → "-5". */
export function formatPoints(points: number | bigint, options: AmountFormatOptions = {}): string {
  const value = toBigInt(points, 'points');
  const magnitude = value < 0n ? -value : value;
  return sign(value, options.signed) + groupThousands(magnitude.toString());
}

/** Integer fen as yuan with two decimals: 123456 → "¥1,234.56", 5 → "¥0.05", -100 → "-¥1.00". */
export function formatFen(fen: number | bigint, options: AmountFormatOptions = {}): string {
  const value = toBigInt(fen, 'fen');
  const magnitude = value < 0n ? -value : value;
  const yuan = magnitude / 100n; // bigint division truncates: whole yuan
  const cents = magnitude % 100n; // the fen left over, 0–99
  return `${sign(value, options.signed)}¥${groupThousands(yuan.toString())}.${cents.toString().padStart(2, '0')}`;
}

/** An amount of either asset, in its own unit. */
export function formatAmount(amount: number | bigint, asset: Asset, options: AmountFormatOptions = {}): string {
  return asset === 'CNY' ? formatFen(amount, options) : formatPoints(amount, options);
}
