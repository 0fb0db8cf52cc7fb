/**
 * An amount of fen in Chinese capital numerals (人民币大写), as receipts and bank forms print it
 * so that no stroke can turn one figure into another: 123456 fen → 壹仟贰佰叁拾肆元伍角陆分.
 *
 * The rules are those of the People's Bank of China for filling in amounts (《支付结算办法》,
 * 附件一 "正确填写票据和结算凭证的基本规定"):
 * - whole yuan end in 元整: 100 fen → 壹元整, 1,000,000 fen → 壹万元整;
 * - a 10 at the head of a group is written 壹拾, never 拾: ¥16.00 → 壹拾陆元整;
 * - zeros inside the number are read as one 零, however many there are, and trailing zeros of a
 *   group are not read: ¥10,010 → 壹万零壹拾元整, ¥1,409.50 → 壹仟肆佰零玖元伍角整;
 * - no 角 but some 分: 零 after 元 is required: ¥16,409.02 → 壹万陆仟肆佰零玖元零贰分;
 * - 角 without 分 ends in 整 too (the rules allow it to be left out; it is kept here, so that
 *   nothing can be written after it): 150 fen → 壹元伍角整;
 * - under one yuan, no 元 is written: 56 fen → 伍角陆分, 5 fen → 伍分; nothing at all is 零元整.
 *
 * Groups of four digits take 万, groups of eight 亿 (so 10^12 yuan is 壹万亿): a group that is
 * smaller than its place allows gets one 零 before it, ¥100,000,000.05 → 壹亿元零伍分,
 * ¥100,010,000 → 壹亿零壹万元整.
 *
 * Arithmetic is on bigint: the amount never passes through a binary fraction.
 */

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
/** Places inside a group of four: ones, tens, hundreds, thousands. */
const PLACES = ['', '拾', '佰', '仟'] as const;

const TEN_THOUSAND = 10_000n;
const HUNDRED_MILLION = 100_000_000n;

function digit(value: bigint): string {
  return DIGITS[Number(value)] ?? '';
}

/** 1–9999 → e.g. 1010 → 壹仟零壹拾, 1001 → 壹仟零壹, 10 → 壹拾. */
function groupOfFour(value: bigint): string {
  let out = '';
  let pendingZero = false;
  for (let place = 3; place >= 0; place--) {
    const d = (value / 10n ** BigInt(place)) % 10n;
    if (d === 0n) {
      // A zero is only read when a non-zero digit follows it inside what has been written.
      if (out !== '') pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += digit(d) + PLACES[place];
  }
  return out;
}

/** A whole, positive number of yuan, without the 元. */
function wholeNumber(value: bigint): string {
  if (value >= HUNDRED_MILLION) {
    return joinParts(wholeNumber(value / HUNDRED_MILLION) + '亿', value % HUNDRED_MILLION, HUNDRED_MILLION);
  }
  if (value >= TEN_THOUSAND) {
    return joinParts(groupOfFour(value / TEN_THOUSAND) + '万', value % TEN_THOUSAND, TEN_THOUSAND);
  }
  return groupOfFour(value);
}

/**
 * The upper part, then the rest: a rest shorter than its place (e.g. 10 under 万, whose place
 * holds four digits) has a zero before it that is read as one 零.
 */
function joinParts(upper: string, rest: bigint, place: bigint): string {
  if (rest === 0n) return upper;
  const gap = rest * 10n < place; // the rest's first digit is not the place's first digit
  return upper + (gap ? '零' : '') + wholeNumber(rest);
}

/**
 * Integer fen → 人民币大写 words, without the "人民币" prefix:
 * 123456 → 壹仟贰佰叁拾肆元伍角陆分; 100 → 壹元整; 0 → 零元整.
 * Throws a RangeError for negative, fractional or unsafe numbers.
 */
export function chineseAmountInWords(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${String(fen)}`);
  if (fen < 0) throw new RangeError(`fen must not be negative, got ${fen}`);
  const value = BigInt(fen);
  const yuan = value / 100n;
  const jiao = (value % 100n) / 10n;
  const cents = value % 10n;

  if (value === 0n) return '零元整';
  let out = yuan > 0n ? `${wholeNumber(yuan)}元` : '';
  if (jiao === 0n && cents === 0n) return `${out}整`;
  if (jiao > 0n) {
    out += `${digit(jiao)}角`;
  } else if (yuan > 0n) {
    out += '零'; // ¥16,409.02 → …元零贰分: the 零 stands for the empty 角
  }
  out += cents > 0n ? `${digit(cents)}分` : '整';
  return out;
}
