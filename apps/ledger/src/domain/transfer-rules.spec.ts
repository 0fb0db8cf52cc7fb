// The contracts' message classes use class-transformer decorators, which need the Reflect API.
import 'reflect-metadata';
import { LedgerRule, LedgerRuleError } from './ledger-rule.error';
import { earnTransferId } from './transfer-ids';
import { canonicalTransferContent, transferContentHash, validateTransfer, type TransferContent } from './transfer-rules';

const earn: TransferContent = {
  transferId: earnTransferId('0193f3a2-6c1e-7d7a-9f00-1b2c3d4e5f60'),
  debitAccount: 'issuance:community-points',
  creditAccount: 'user:42',
  asset: 'POINTS',
  amount: 15,
  code: 'earn',
  references: { sourceEvent: 'e1', requestedBy: 'organizer-1', description: 'Park clean-up' },
};

function ruleOf(fn: () => unknown): LedgerRule | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof LedgerRuleError ? error.rule : undefined;
  }
}

describe('earnTransferId', () => {
  it('derives one id per attendance', () => {
    expect(earnTransferId('a-1')).toBe('earn:attendance:a-1');
  });
});

describe('validateTransfer', () => {
  it('accepts a well-formed transfer and profiles both accounts', () => {
    expect(validateTransfer(earn)).toEqual({
      debit: { kind: 'issuance', allowNegative: true },
      credit: { kind: 'user_wallet', allowNegative: false },
    });
  });

  it('refuses the same account on both sides', () => {
    expect(ruleOf(() => validateTransfer({ ...earn, creditAccount: earn.debitAccount }))).toBe(LedgerRule.SameAccount);
  });

  it.each([0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN])('refuses amount %p', (amount) => {
    expect(ruleOf(() => validateTransfer({ ...earn, amount }))).toBe(LedgerRule.InvalidAmount);
  });

  it('refuses unknown assets, bad ids and bad keys', () => {
    expect(ruleOf(() => validateTransfer({ ...earn, asset: 'USD' as never }))).toBe(LedgerRule.InvalidAsset);
    expect(ruleOf(() => validateTransfer({ ...earn, transferId: 'has space' }))).toBe(LedgerRule.InvalidTransferId);
    expect(ruleOf(() => validateTransfer({ ...earn, debitAccount: 'nobody:1' }))).toBe(LedgerRule.InvalidAccountKey);
  });
});

describe('content hash', () => {
  it('is the sha256 of sorted, money-only fields', () => {
    expect(canonicalTransferContent(earn)).toBe(
      '{"amount":"15","asset":"POINTS","code":"earn","creditAccount":"user:42","debitAccount":"issuance:community-points",' +
        `"transferId":"${earn.transferId}"}`,
    );
    expect(transferContentHash(earn)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats a retry from another message or requester as the same transfer', () => {
    const retry = { ...earn, references: { sourceEvent: 'e2', requestedBy: 'someone-else' } };
    expect(transferContentHash(retry)).toBe(transferContentHash(earn));
    const noReferences: TransferContent = { ...earn, references: undefined };
    expect(transferContentHash(noReferences)).toBe(transferContentHash(earn));
  });

  it.each([
    ['amount', { amount: 16 }],
    ['credit account', { creditAccount: 'user:43' }],
    ['debit account', { debitAccount: 'issuance:other' }],
    ['asset', { asset: 'CNY' as const }],
    ['code', { code: 'adjust' as const }],
  ])('sees a different %s as a conflict', (_, change) => {
    expect(transferContentHash({ ...earn, ...change })).not.toBe(transferContentHash(earn));
  });
});
