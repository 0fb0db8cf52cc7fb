import { LedgerRule, LedgerRuleError } from './ledger-rule.error';
import { assertPostable, availableBalance, postedBalance, type AccountBalances } from './posting';

const wallet = (over: Partial<AccountBalances> = {}): AccountBalances => ({
  key: 'user:1',
  asset: 'POINTS',
  allowNegative: false,
  frozen: false,
  debitsPosted: 30,
  creditsPosted: 100,
  debitsPending: 20,
  creditsPending: 5,
  ...over,
});
const issuance = (over: Partial<AccountBalances> = {}): AccountBalances =>
  wallet({
    key: 'issuance:p',
    allowNegative: true,
    debitsPosted: 100,
    creditsPosted: 0,
    debitsPending: 0,
    creditsPending: 0,
    ...over,
  });

function ruleOf(fn: () => unknown): LedgerRule | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof LedgerRuleError ? error.rule : undefined;
  }
}

describe('balances', () => {
  it('is credits − debits, and pending debits are held', () => {
    expect(postedBalance(wallet())).toBe(70);
    expect(availableBalance(wallet())).toBe(50);
    expect(postedBalance(issuance())).toBe(-100);
  });
});

describe('assertPostable', () => {
  it('lets a wallet spend exactly what is available', () => {
    expect(() => assertPostable(wallet(), issuance(), 'POINTS', 50)).not.toThrow();
  });

  it('refuses a wallet spending more than is available, naming the available amount', () => {
    expect(() => assertPostable(wallet(), issuance(), 'POINTS', 51)).toThrow('has 50 POINTS available, 51 requested');
    expect(ruleOf(() => assertPostable(wallet(), issuance(), 'POINTS', 51))).toBe(LedgerRule.InsufficientFunds);
  });

  it('lets issuance go as negative as it needs', () => {
    expect(() => assertPostable(issuance(), wallet(), 'POINTS', 1_000_000)).not.toThrow();
  });

  it('refuses frozen accounts on either side', () => {
    expect(ruleOf(() => assertPostable(wallet({ frozen: true }), issuance(), 'POINTS', 1))).toBe(LedgerRule.AccountFrozen);
    expect(ruleOf(() => assertPostable(issuance(), wallet({ frozen: true }), 'POINTS', 1))).toBe(LedgerRule.AccountFrozen);
  });

  it('refuses mixing assets', () => {
    expect(ruleOf(() => assertPostable(issuance({ asset: 'CNY' }), wallet(), 'POINTS', 1))).toBe(LedgerRule.AssetMismatch);
  });

  it('refuses totals that would leave the safe-integer range', () => {
    expect(ruleOf(() => assertPostable(issuance({ debitsPosted: Number.MAX_SAFE_INTEGER }), wallet(), 'POINTS', 1))).toBe(
      LedgerRule.AmountOutOfRange,
    );
  });
});
