import { chineseAmountInWords } from './amount-in-words';

describe('chineseAmountInWords', () => {
  it.each([
    // [fen, words]
    [123456, '壹仟贰佰叁拾肆元伍角陆分'],
    [100, '壹元整'],
    [10000, '壹佰元整'],
    [1600, '壹拾陆元整'],
    [1000, '壹拾元整'],
    [1000000, '壹万元整'],
  ])('%i fen → %s', (fen, words) => {
    expect(chineseAmountInWords(fen)).toBe(words);
  });

  describe('fen and jiao', () => {
    it.each([
      [0, '零元整'],
      [1, '壹分'],
      [5, '伍分'],
      [10, '壹角整'],
      [56, '伍角陆分'],
      [99, '玖角玖分'],
      [101, '壹元零壹分'],
      [110, '壹元壹角整'],
      [150, '壹元伍角整'],
      [1640902, '壹万陆仟肆佰零玖元零贰分'],
      [140950, '壹仟肆佰零玖元伍角整'],
      [600714, '陆仟零柒元壹角肆分'],
      [168032, '壹仟陆佰捌拾元叁角贰分'],
    ])('%i fen → %s', (fen, words) => {
      expect(chineseAmountInWords(fen)).toBe(words);
    });
  });

  describe('zeros in the middle are read as one 零', () => {
    it.each([
      [1001000, '壹万零壹拾元整'], // 10,010 元
      [1000100, '壹万零壹元整'],
      [10010000, '壹拾万零壹佰元整'],
      [10100000, '壹拾万壹仟元整'],
      [100100, '壹仟零壹元整'],
      [101000, '壹仟零壹拾元整'],
      [100000100, '壹佰万零壹元整'],
      [1010000000, '壹仟零壹拾万元整'],
      [1000000100, '壹仟万零壹元整'],
      [10700053, '壹拾万柒仟元伍角叁分'],
      [12030405, '壹拾贰万零叁佰零肆元零伍分'],
    ])('%i fen → %s', (fen, words) => {
      expect(chineseAmountInWords(fen)).toBe(words);
    });
  });

  describe('亿 and above', () => {
    it.each([
      [10000000005, '壹亿元零伍分'], // 100,000,000.05 元
      [10000000000, '壹亿元整'],
      [10001000000, '壹亿零壹万元整'],
      [10000000100, '壹亿零壹元整'],
      [11000000100, '壹亿壹仟万零壹元整'],
      [20000000000, '贰亿元整'],
      [123456789012, '壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分'],
      [100000000000000, '壹万亿元整'],
      [100010000000000, '壹万零壹亿元整'],
      [100000100000000, '壹万亿零壹佰万元整'],
    ])('%i fen → %s', (fen, words) => {
      expect(chineseAmountInWords(fen)).toBe(words);
    });

    it('reads the largest safe integer', () => {
      // 90,071,992,547,409.91 元: 90|0719 亿, 9254|7409
      expect(chineseAmountInWords(Number.MAX_SAFE_INTEGER)).toBe('玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分');
    });
  });

  it('uses only capital numerals and units', () => {
    for (const fen of [1, 7, 19, 230, 4_005, 98_765_432, 100_000_000_05]) {
      expect(chineseAmountInWords(fen)).toMatch(/^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/);
    }
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])('refuses %p', (fen) => {
    expect(() => chineseAmountInWords(fen)).toThrow(RangeError);
  });
});
