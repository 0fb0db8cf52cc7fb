import { createHash } from 'node:crypto';
import { Assets, CLIENT_ID_PATTERN, type Asset, type TransferCode } from '@goodloop/contracts';
import { accountProfile, type AccountProfile } from './account-keys';
import { LedgerRule, LedgerRuleError } from './ledger-rule.error';

/** What a transfer moves: the fields of `ledger.transfer.request.v1`. */
export interface TransferContent {
  transferId: string;
  debitAccount: string;
  creditAccount: string;
  asset: Asset;
  amount: number;
  code: TransferCode;
  references?: { sourceEvent?: string; requestedBy?: string; description?: string; rule?: string };
}

export interface ValidatedTransfer {
  debit: AccountProfile;
  credit: AccountProfile;
}

/**
 * The rules a transfer must meet before any account is touched: a well-formed id, two valid
 * and different accounts, a known asset (both sides hold it: an account is one key in one
 * asset), and an amount that is a safe integer above zero in the asset's minor unit.
 */
export function validateTransfer(content: TransferContent): ValidatedTransfer {
  if (!CLIENT_ID_PATTERN.test(content.transferId)) {
    throw new LedgerRuleError(
      LedgerRule.InvalidTransferId,
      `transferId "${content.transferId}" must match ${String(CLIENT_ID_PATTERN)}`,
    );
  }
  if (!(Assets as readonly string[]).includes(content.asset)) {
    throw new LedgerRuleError(LedgerRule.InvalidAsset, `asset "${content.asset}" is not one of ${Assets.join(', ')}`);
  }
  if (!Number.isSafeInteger(content.amount) || content.amount <= 0) {
    throw new LedgerRuleError(
      LedgerRule.InvalidAmount,
      `amount must be a safe integer greater than 0, got ${String(content.amount)}`,
    );
  }
  const debit = accountProfile(content.debitAccount);
  const credit = accountProfile(content.creditAccount);
  if (content.debitAccount === content.creditAccount) {
    throw new LedgerRuleError(
      LedgerRule.SameAccount,
      `a transfer needs two different accounts, got ${content.debitAccount} twice`,
    );
  }
  return { debit, credit };
}

/**
 * The canonical text of what a transfer moves, used to tell a retry from a different transfer
 * that reuses an id. Only the money movement counts — accounts, asset, amount, code — not the
 * `references`: a retry naturally comes from a new message (a new sourceEvent) or another
 * requester, and it is still the same transfer. Keys are sorted and absent fields left out, so
 * a field added later (pendingId, timeout …) leaves the hash of every older transfer unchanged.
 *
 * Example: 15 POINTS earn from issuance:community-points to user:42 →
 * `{"amount":"15","asset":"POINTS","code":"earn","creditAccount":"user:42","debitAccount":"issuance:community-points","transferId":"earn:attendance:7"}`
 */
export function canonicalTransferContent(content: TransferContent): string {
  const fields: Record<string, string> = {
    transferId: content.transferId,
    debitAccount: content.debitAccount,
    creditAccount: content.creditAccount,
    asset: content.asset,
    amount: String(content.amount),
    code: content.code,
  };
  const sorted = Object.fromEntries(
    Object.keys(fields)
      .sort()
      .map((key) => [key, fields[key]]),
  );
  return JSON.stringify(sorted);
}

/** sha256 (hex) of the canonical content; stored with the transfer. */
export function transferContentHash(content: TransferContent): string {
  return createHash('sha256').update(canonicalTransferContent(content), 'utf8').digest('hex');
}
