import type { Asset } from '@goodloop/contracts';
import { LedgerRule, LedgerRuleError } from './ledger-rule.error';

/** The columns of an account a posting reads. Amounts are in the asset's minor unit. */
export interface AccountBalances {
  key: string;
  asset: Asset;
  allowNegative: boolean;
  frozen: boolean;
  debitsPosted: number;
  creditsPosted: number;
  debitsPending: number;
  creditsPending: number;
}

/**
 * The posted balance: credits − debits. Money flows from the debit side to the credit side, so
 * a wallet that received 100 and spent 30 stands at 100 − 30 = 70, and the issuance account
 * that issued those 100 stands at −100. Over all accounts of one asset the balances sum to 0.
 */
export function postedBalance(account: Pick<AccountBalances, 'debitsPosted' | 'creditsPosted'>): number {
  return account.creditsPosted - account.debitsPosted;
}

/**
 * What can still be spent: the posted balance less what pending transfers hold. Credits that
 * are only pending are not spendable yet. With 70 posted and 20 held for a redemption, 50.
 */
export function availableBalance(account: Pick<AccountBalances, 'debitsPosted' | 'creditsPosted' | 'debitsPending'>): number {
  return account.creditsPosted - account.debitsPosted - account.debitsPending;
}

/**
 * Checks that `amount` may move from `debit` to `credit` now, with both rows locked: the same
 * asset on both sides, neither account frozen, the debit account keeping a non-negative
 * available balance unless its flags allow negative, and every column staying a safe integer.
 * Throws the rule that fails; the caller then applies nothing.
 */
export function assertPostable(debit: AccountBalances, credit: AccountBalances, asset: Asset, amount: number): void {
  if (debit.asset !== asset || credit.asset !== asset) {
    throw new LedgerRuleError(LedgerRule.AssetMismatch, `both accounts must hold ${asset} (${debit.asset} → ${credit.asset})`);
  }
  for (const account of [debit, credit]) {
    if (account.frozen)
      throw new LedgerRuleError(LedgerRule.AccountFrozen, `account ${account.key} (${account.asset}) is frozen`);
  }
  if (!debit.allowNegative) {
    const available = availableBalance(debit);
    if (available < amount) {
      throw new LedgerRuleError(
        LedgerRule.InsufficientFunds,
        `account ${debit.key} has ${available} ${asset} available, ${amount} requested`,
      );
    }
  }
  if (!Number.isSafeInteger(debit.debitsPosted + amount) || !Number.isSafeInteger(credit.creditsPosted + amount)) {
    throw new LedgerRuleError(LedgerRule.AmountOutOfRange, `posting ${amount} ${asset} would overflow an account's totals`);
  }
}
