/**
 * Display formatting for amounts and times.
 *
 * Amounts arrive as safe integers in their minor unit (whole points; fen for CNY) and are only
 * ever turned into text here. Fen are split into yuan and fen with integer division and
 * remainder on bigint, so no amount passes through a binary fraction:
 *   123456 fen → 1234n yuan, 56n fen → "¥1,234.56";  -5 fen → 0n yuan, 5n fen → "-¥0.05".
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

/**
 * The points an attendance earns, as the ledger computes them: floor(minutes × pointsPerHour / 60).
 * Integer arithmetic only: 95 min at 10 points/hour → 950 → (950 − 950 mod 60) / 60 = 15.
 */
export function pointsForMinutes(minutes: number, pointsPerHour: number): number {
  if (!Number.isSafeInteger(minutes) || minutes < 0) throw new RangeError('minutes must be a whole number ≥ 0');
  if (!Number.isSafeInteger(pointsPerHour) || pointsPerHour < 0) {
    throw new RangeError('pointsPerHour must be a whole number ≥ 0');
  }
  const pointMinutes = minutes * pointsPerHour;
  return (pointMinutes - (pointMinutes % 60)) / 60;
}

/** A moment in the reader's time zone: "12月1日周二 10:00" / "Tue, Dec 1, 10:00". */
export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** A span, with the date once when it starts and ends on the same day: "12月1日周二 10:00–12:00". */
export function formatTimeRange(startIso: string, endIso: string, language: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  const sameDay = start.toDateString() === end.toDateString();
  const endText = sameDay
    ? new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(end)
    : formatDateTime(endIso, language);
  return `${formatDateTime(startIso, language)}–${endText}`;
}

/**
 * The value of an `<input type="datetime-local">` ("2026-12-01T10:00", local time) as an ISO
 * instant in UTC, or null when it is empty or not a date.
 */
export function localInputToIso(value: string | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
