import { allocateByWeights } from './allocate';
import { AmountError, addAmounts } from './amount';
import { formatFen } from './format';
import { bigintTransformer } from './bigint.transformer';

describe('allocateByWeights', () => {
  it('hands the remainder to the largest remainders, earliest first', () => {
    expect(allocateByWeights(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateByWeights(10, [3, 3, 4])).toEqual([3, 3, 4]);
    expect(allocateByWeights(7, [1, 2])).toEqual([2, 5]);
  });

  it('always sums to the total, whatever the weights', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let run = 0; run < 500; run++) {
      const total = next() % 10_000_000;
      const weights: number[] = Array.from({ length: 1 + (next() % 9) }, () => next() % 1000);
      if (!weights.some((w) => w > 0)) weights.push(1);
      const parts = allocateByWeights(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      parts.forEach((p) => expect(Number.isSafeInteger(p) && p >= 0).toBe(true));
    }
  });

  it('stays exact for totals near the safe-integer limit', () => {
    const total = Number.MAX_SAFE_INTEGER - 1;
    const parts = allocateByWeights(total, [999_999_999, 1]);
    expect(BigInt(parts[0]!) + BigInt(parts[1]!)).toBe(BigInt(total));
  });

  it('refuses floats, negatives and all-zero weights', () => {
    expect(() => allocateByWeights(10.5, [1])).toThrow(AmountError);
    expect(() => allocateByWeights(-1, [1])).toThrow(AmountError);
    expect(() => allocateByWeights(10, [0, 0])).toThrow(AmountError);
    expect(() => allocateByWeights(10, [])).toThrow(AmountError);
  });
});

describe('amounts', () => {
  it('adds exactly and refuses unsafe results', () => {
    expect(addAmounts(1, 2, 3)).toBe(6);
    expect(() => addAmounts(Number.MAX_SAFE_INTEGER, 1)).toThrow(AmountError);
  });

  it('formats fen as yuan without floating point', () => {
    expect(formatFen(105899400)).toBe('¥1,058,994.00');
    expect(formatFen(-5)).toBe('-¥0.05');
    expect(formatFen(1234)).toBe('¥12.34');
  });

  it('reads bigint columns as safe integers only', () => {
    expect(bigintTransformer.from('9007199254740991')).toBe(9007199254740991);
    expect(() => bigintTransformer.from('9007199254740993')).toThrow(AmountError);
    expect(bigintTransformer.to(12)).toBe('12');
    expect(() => bigintTransformer.to(1.5)).toThrow(AmountError);
  });
});
