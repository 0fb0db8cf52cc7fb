/**
 * The rules a transfer can break, named the way clients see them (they become the `code` of the
 * HTTP error and the `reasonCode` of `ledger.transfer.rejected.v1`).
 */
export enum LedgerRule {
  InvalidTransferId = 'INVALID_TRANSFER_ID',
  InvalidAccountKey = 'INVALID_ACCOUNT_KEY',
  InvalidAsset = 'INVALID_ASSET',
  SameAccount = 'SAME_ACCOUNT',
  AssetMismatch = 'ASSET_MISMATCH',
  InvalidAmount = 'INVALID_AMOUNT',
  AmountOutOfRange = 'AMOUNT_OUT_OF_RANGE',
  AccountFrozen = 'ACCOUNT_FROZEN',
  InsufficientFunds = 'INSUFFICIENT_FUNDS',
  TransferIdConflict = 'TRANSFER_ID_CONFLICT',
  InvalidTimeout = 'INVALID_TIMEOUT',
  InvalidLinkedBatch = 'INVALID_LINKED_BATCH',
  PendingNotFound = 'PENDING_NOT_FOUND',
  NotPending = 'NOT_PENDING',
  PendingAlreadyPosted = 'PENDING_ALREADY_POSTED',
  PendingAlreadyVoided = 'PENDING_ALREADY_VOIDED',
  PendingExpired = 'PENDING_EXPIRED',
  AmountExceedsPending = 'AMOUNT_EXCEEDS_PENDING',
  TransferNotFound = 'TRANSFER_NOT_FOUND',
  NotReversible = 'NOT_REVERSIBLE',
  AlreadyReversed = 'ALREADY_REVERSED',
  AmountExceedsReversible = 'AMOUNT_EXCEEDS_REVERSIBLE',
  LinkedTransferFailed = 'LINKED_TRANSFER_FAILED',
  InvalidCommand = 'INVALID_COMMAND',
}

const RULES = new Set<string>(Object.values(LedgerRule));

/** The rule a code from the database names; an unknown code is a bug, not a refusal. */
export function asLedgerRule(code: string): LedgerRule {
  if (!RULES.has(code)) throw new Error(`the posting engine answered an unknown reason code ${code}`);
  return code as LedgerRule;
}

/**
 * A transfer the ledger refuses on its own rules. Pure (no Nest): the transfers feature turns it
 * into its HTTP error or a rejection event.
 */
export class LedgerRuleError extends Error {
  constructor(
    readonly rule: LedgerRule,
    message: string,
  ) {
    super(message);
    this.name = 'LedgerRuleError';
  }
}
