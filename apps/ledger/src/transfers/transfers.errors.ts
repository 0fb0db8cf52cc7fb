import { defineErrors, DomainError } from '@goodloop/common';
import { LedgerRule, type LedgerRuleError } from '../domain';

/**
 * The codes are the ledger's rules (`LedgerRule`), named as clients see them.
 * 409 for refusals that depend on the ledger's state (the id is taken, the money is not there,
 * the account is frozen): the same request may succeed another time. 422 for a request that
 * breaks a rule whatever the state.
 */
export class TransferError extends defineErrors<LedgerRule>({
  [LedgerRule.TransferIdConflict]: 409,
  [LedgerRule.InsufficientFunds]: 409,
  [LedgerRule.AccountFrozen]: 409,
  [LedgerRule.InvalidTransferId]: 422,
  [LedgerRule.InvalidAccountKey]: 422,
  [LedgerRule.InvalidAsset]: 422,
  [LedgerRule.SameAccount]: 422,
  [LedgerRule.AssetMismatch]: 422,
  [LedgerRule.InvalidAmount]: 422,
  [LedgerRule.AmountOutOfRange]: 422,
  [LedgerRule.InvalidTimeout]: 422,
  [LedgerRule.InvalidLinkedBatch]: 422,
  [LedgerRule.InvalidCommand]: 422,
  [LedgerRule.PendingNotFound]: 404,
  [LedgerRule.TransferNotFound]: 404,
  [LedgerRule.NotPending]: 409,
  [LedgerRule.PendingAlreadyPosted]: 409,
  [LedgerRule.PendingAlreadyVoided]: 409,
  [LedgerRule.PendingExpired]: 409,
  [LedgerRule.AmountExceedsPending]: 422,
  [LedgerRule.NotReversible]: 409,
  [LedgerRule.AlreadyReversed]: 409,
  [LedgerRule.AmountExceedsReversible]: 422,
  [LedgerRule.LinkedTransferFailed]: 409,
}) {
  /** The ledger rule the transfer broke (its code). */
  get rule(): LedgerRule {
    return this.code;
  }

  static fromRule(error: LedgerRuleError): TransferError {
    return new TransferError(error.rule, error.message);
  }
}

/**
 * The database kept aborting the transfer as a deadlock victim or serialization failure after
 * every retry. Nothing was applied; trying again later is safe (same transfer id). Not a
 * TransferError, so a consumer treats it as transient and redelivers instead of rejecting.
 */
export class LedgerBusyError extends DomainError {
  readonly status = 503;

  constructor(transferId: string) {
    super(
      'LEDGER_BUSY',
      `transfer ${transferId} could not be applied now because of concurrent transfers; retry with the same id`,
    );
  }
}
