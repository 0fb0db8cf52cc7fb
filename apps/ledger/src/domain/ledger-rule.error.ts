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
