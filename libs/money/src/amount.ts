/**
 * Amounts are integers in the asset's minor unit: fen for CNY, whole points for POINTS. They
 * live in PostgreSQL as `bigint` and in TypeScript as numbers that must be safe integers
 * (|n| ≤ 2^53 − 1 ≈ 9.0e15 fen ≈ ¥90 trillion, far above any balance the platform will hold).
 */
export class AmountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AmountError';
  }
}

export function assertSafeAmount(value: number, what = 'amount'): number {
  if (!Number.isSafeInteger(value)) throw new AmountError(`${what} must be a safe integer, got ${String(value)}`);
  return value;
}

/**
 * Reads an amount that PostgreSQL sent as text (`bigint`, `numeric`, `sum(...)::text`): an
 * optional minus and digits, nothing else, and within the safe-integer range. `Number()` would
 * take '1e3' as 1000, '' as 0 and '9007199254740993' as …992; this refuses each of them.
 */
export function parseAmount(text: string, what = 'amount'): number {
  if (!/^-?\d+$/.test(text)) throw new AmountError(`${what} must be an integer, got ${JSON.stringify(text)}`);
  return assertSafeAmount(Number(text), what);
}

/** Adds amounts, refusing any result that would not be exact. */
export function addAmounts(...values: number[]): number {
  let total = 0;
  for (const value of values) {
    total = assertSafeAmount(total + assertSafeAmount(value), 'sum');
  }
  return total;
}
