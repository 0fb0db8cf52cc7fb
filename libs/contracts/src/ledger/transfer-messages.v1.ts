import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  Max,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Assets, TransferCodes, type Asset, type TransferCode } from '../enums';
import { CLIENT_ID_PATTERN, IsSafeInteger } from '../validators';

/**
 * Accounts are named by a key the caller can derive without asking the ledger:
 * `user:<userId>` (a resident's wallet), `org:<orgId>`, `issuance:<programmeId>`,
 * `fund:<fundId>`, `external:<name>`, `sink:expiry:<programmeId>`, `sink:redemption`.
 * The asset is part of the transfer, so one key names one account per asset.
 */
export const ACCOUNT_KEY_PATTERN = /^(user|org|issuance|fund|external|sink):[A-Za-z0-9:_.-]{1,120}$/;

export class TransferReferencesV1 {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sourceEvent?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  requestedBy?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** The rule that priced the transfer, e.g. `community-points@v2` for an earn. */
  @IsOptional()
  @IsString()
  @MaxLength(120)
  rule?: string;
}

/** Hold the amount instead of moving it: posted or voided later, voided by itself at the timeout. */
export class PendingOptionsV1 {
  /** 1 s to 90 days. */
  @IsInt()
  @Min(1)
  @Max(90 * 24 * 3600)
  timeoutSeconds: number;
}

/**
 * What every transfer message names: the id, the two accounts, asset, amount, code and
 * references. The commands and events below add what is their own.
 */
export class TransferMovementV1 {
  @Matches(CLIENT_ID_PATTERN)
  transferId: string;

  @Matches(ACCOUNT_KEY_PATTERN)
  debitAccount: string;

  @Matches(ACCOUNT_KEY_PATTERN)
  creditAccount: string;

  @IsIn(Assets)
  asset: Asset;

  @IsSafeInteger()
  @Min(1)
  amount: number;

  @IsIn(TransferCodes)
  code: TransferCode;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TransferReferencesV1)
  references?: TransferReferencesV1;
}

/** One transfer of a linked batch (see TransferRequestV1.linked). */
export class LinkedTransferV1 extends TransferMovementV1 {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PendingOptionsV1)
  pending?: PendingOptionsV1;
}

/**
 * `ledger.transfer.request.v1` — key: debit account key. A command to the ledger: move (or,
 * with `pending`, hold) `amount`. With `linked`, the further transfers listed are applied
 * together with this one, all or none (a redemption that pays the business and a fee).
 */
export class TransferRequestV1 extends LinkedTransferV1 {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(99)
  @ValidateNested({ each: true })
  @Type(() => LinkedTransferV1)
  linked?: LinkedTransferV1[];
}

/** `ledger.transfer.settle.v1` — key: the pending transfer's id. Post or void a pending transfer. */
export class TransferSettleV1 {
  @Matches(CLIENT_ID_PATTERN)
  transferId: string;

  @Matches(CLIENT_ID_PATTERN)
  pendingId: string;

  @IsIn(['post', 'void'])
  action: 'post' | 'void';

  /** For post: at most the held amount; the rest is released. All of it when absent. */
  @IsOptional()
  @IsSafeInteger()
  @Min(1)
  amount?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TransferReferencesV1)
  references?: TransferReferencesV1;
}

/** `ledger.transfer.reverse.v1` — key: the reversed transfer's id. Move a posted transfer back. */
export class TransferReverseV1 {
  @Matches(CLIENT_ID_PATTERN)
  transferId: string;

  @Matches(CLIENT_ID_PATTERN)
  reversesId: string;

  /** All that is left to reverse when absent. */
  @IsOptional()
  @IsSafeInteger()
  @Min(1)
  amount?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TransferReferencesV1)
  references?: TransferReferencesV1;
}

/** `ledger.transfer.posted.v1` — key: debit account key. */
export class TransferPostedV1 extends TransferMovementV1 {
  @IsISO8601({ strict: true })
  postedAt: string;

  /** Set when this posts a pending transfer. */
  @IsOptional()
  @Matches(CLIENT_ID_PATTERN)
  pendingId?: string;

  /** Set when this reverses a posted transfer. */
  @IsOptional()
  @Matches(CLIENT_ID_PATTERN)
  reversesId?: string;
}

/** `ledger.transfer.reserved.v1` — key: debit account key. A pending transfer holds `amount`. */
export class TransferReservedV1 extends TransferMovementV1 {
  @IsISO8601({ strict: true })
  reservedAt: string;

  @IsISO8601({ strict: true })
  timeoutAt: string;
}

/** `ledger.transfer.voided.v1` — key: debit account key. A pending transfer was released. */
export class TransferVoidedV1 extends TransferMovementV1 {
  @Matches(CLIENT_ID_PATTERN)
  pendingId: string;

  @IsISO8601({ strict: true })
  voidedAt: string;

  @IsIn(['requested', 'timeout'])
  reason: 'requested' | 'timeout';
}

/** `ledger.transfer.rejected.v1` — key: debit account key. */
export class TransferRejectedV1 {
  @Matches(CLIENT_ID_PATTERN)
  transferId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  reasonCode: string;

  @IsString()
  @MaxLength(500)
  reason: string;

  @IsISO8601({ strict: true })
  rejectedAt: string;
}
