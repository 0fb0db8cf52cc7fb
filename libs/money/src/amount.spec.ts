import { AmountError, parseAmount } from './amount';

describe('parseAmount', () => {
  it('reads the integers PostgreSQL sends as text', () => {
    expect(parseAmount('0')).toBe(0);
    expect(parseAmount('12345')).toBe(12345);
    expect(parseAmount('-250')).toBe(-250);
    expect(parseAmount('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['', ' 1', '1.5', '1e3', '0x10', '+1', 'NaN', '12abc'])(
    'refuses %j, which Number() would bend into a number',
    (text) => {
      expect(() => parseAmount(text)).toThrow(AmountError);
    },
  );

  it('refuses what a number cannot hold exactly, naming the amount', () => {
    expect(() => parseAmount('9007199254740993', 'balance')).toThrow('balance must be a safe integer');
  });
});
