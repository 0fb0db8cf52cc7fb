import type { Asset, TransferCode } from '@goodloop/contracts';

/** `GET /me/wallet` in the public API: what the resident has. */
export interface WalletDto {
  /** null until the first transfer or registration created the account. */
  accountId: string | null;
  asset: Asset;
  /** Posted: credits − debits. */
  balance: number;
  /** Held by pending transfers out of the wallet (redemptions waiting for hand-over). */
  pending: number;
  /** balance − pending: what can be spent now. */
  available: number;
}

/** One line of the statement. */
export interface WalletEntryDto {
  id: string;
  transferId: string;
  /** Signed: + received, − spent. */
  amount: number;
  balanceAfter: number;
  code: TransferCode;
  description: string | null;
  createdAt: string;
}

export interface WalletEntriesPageDto {
  items: WalletEntryDto[];
  nextCursor: string | null;
}
