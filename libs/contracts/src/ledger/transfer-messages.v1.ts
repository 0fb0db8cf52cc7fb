import { Type } from 'class-transformer';
import {
  IsIn,
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
}

/** `ledger.transfer.request.v1` — key: debit account key. A command to the ledger. */
export class TransferRequestV1 {
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

/** `ledger.transfer.posted.v1` — key: debit account key. */
export class TransferPostedV1 {
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

  @IsISO8601({ strict: true })
  postedAt: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TransferReferencesV1)
  references?: TransferReferencesV1;
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
