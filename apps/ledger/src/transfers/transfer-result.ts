import type { Asset, TransferCode } from '@goodloop/contracts';
import { asLedgerRule, type LedgerOp } from '../domain';
import type { TransferStatus } from './entities/transfer.entity';
import { TransferError } from './transfers.errors';

/** The answer to a command, the same for its first run and for every replay (but `replayed`). */
export interface TransferResult {
  transferId: string;
  op: LedgerOp;
  status: TransferStatus;
  /** True when the id was already used with the same content and nothing new happened. */
  replayed: boolean;
  postedAt: string;
  debitAccount: string;
  creditAccount: string;
  asset: Asset;
  amount: number;
  code: TransferCode;
  /** For post and void: the pending transfer settled. */
  pendingId?: string;
  /** For a reversal: the transfer moved back. */
  reversesId?: string;
  /** For a pending transfer: when it voids itself. */
  timeoutAt?: string;
  /** For expiring credits: when the points lapse. */
  expiresAt?: string;
  /** For linked transfers: the id shared by the batch. */
  linkedGroup?: string;
}

export interface EngineRejection {
  transferId: string;
  status: 'rejected';
  reason: string;
  message: string;
  /** True when the id was refused before and this is that refusal again (`transfer_refusals`). */
  replayed?: boolean;
}

/** What `ledger_apply` answers per command (`new` marks a transfer written by this call). */
export type EngineResult = (TransferResult & { new?: true }) | EngineRejection;

export function isRejection(result: EngineResult): result is EngineRejection {
  return result.status === 'rejected';
}

/** The result for the API: the stored transfer, without the engine's bookkeeping. */
export function toTransferResult(result: EngineResult): TransferResult {
  if (isRejection(result)) throw toTransferError(result);
  const { new: _new, ...rest } = result;
  return rest;
}

export function toTransferError(rejection: EngineRejection): TransferError {
  return new TransferError(asLedgerRule(rejection.reason), rejection.message);
}
