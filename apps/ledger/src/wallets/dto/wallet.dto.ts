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
  /** Points that will expire, soonest first (up to five moments). */
  expiringSoon: { expiresAt: string; amount: number }[];
  nextExpiry: { expiresAt: string; amount: number } | null;
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
  /** Who or what caused it: `user:<id>`, `message:<id>`, `job:<name>`. */
  causedBy: string;
  /** The other account of the transfer. */
  counterparty: string;
  createdAt: string;
}

export interface WalletEntriesPageDto {
  items: WalletEntryDto[];
  nextCursor: string | null;
}

export interface BalanceAtDto {
  asset: Asset;
  at: string;
  balance: number;
}
