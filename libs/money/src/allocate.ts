import { AmountError, assertSafeAmount } from './amount';

/**
 * Splits `total` into parts proportional to `weights` by the largest-remainder method, so the
 * parts always sum to the total exactly. Ties in the remainder go to the earlier index, which
 * makes the result deterministic.
 *
 * Worked example: 100 fen by weights [1, 1, 1] → quotas 33.33 each; floors [33, 33, 33] leave
 * 1 fen, which goes to index 0 → [34, 33, 33].
 *
 * All arithmetic is in bigint so large totals times large weights stay exact.
 */
export function allocateByWeights(total: number, weights: readonly number[]): number[] {
  assertSafeAmount(total, 'total');
  if (total < 0) throw new AmountError('total must not be negative');
  if (weights.length === 0) throw new AmountError('weights must not be empty');
  weights.forEach((w, i) => {
    assertSafeAmount(w, `weights[${i}]`);
    if (w < 0) throw new AmountError(`weights[${i}] must not be negative`);
  });
  const weightSum = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  if (weightSum === 0n) throw new AmountError('weights must not all be zero');

  const bigTotal = BigInt(total);
  const parts = weights.map((w) => (bigTotal * BigInt(w)) / weightSum);
  const remainders = weights.map((w, index) => ({ index, rest: (bigTotal * BigInt(w)) % weightSum }));
  let left = bigTotal - parts.reduce((sum, p) => sum + p, 0n);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p));
}
