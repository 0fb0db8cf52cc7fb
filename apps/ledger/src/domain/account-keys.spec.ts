// The contracts' message classes use class-transformer decorators, which need the Reflect API.
import 'reflect-metadata';
import { accountProfile, issuanceKey, userWalletKey } from './account-keys';
import { LedgerRule, LedgerRuleError } from './ledger-rule.error';

function ruleOf(fn: () => unknown): LedgerRule | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof LedgerRuleError ? error.rule : undefined;
  }
}

describe('accountProfile', () => {
  it.each([
    ['user:0193f3a2-6c1e-7d7a-9f00-1b2c3d4e5f60', 'user_wallet', false],
    ['org:0193f3a2-6c1e-7d7a-9f00-1b2c3d4e5f60', 'organisation', false],
    ['fund:community', 'fund', false],
    ['issuance:community-points', 'issuance', true],
    ['external:wechat-pay', 'external', true],
    ['sink:expiry:community-points', 'expiry_sink', true],
    ['sink:redemption', 'redemption_sink', true],
    ['sink:redemption:pickup', 'redemption_sink', true],
  ])('%s is a %s account (allow negative: %s)', (key, kind, allowNegative) => {
    expect(accountProfile(key)).toEqual({ kind, allowNegative });
  });

  it.each(['wallet:1', 'user:', 'user', 'sink:unknown', 'sink:expiry', 'user:has space', ''])('refuses %j', (key) => {
    expect(ruleOf(() => accountProfile(key))).toBe(LedgerRule.InvalidAccountKey);
  });

  it('builds the keys other services derive', () => {
    expect(userWalletKey('u1')).toBe('user:u1');
    expect(issuanceKey('community-points')).toBe('issuance:community-points');
  });
});
