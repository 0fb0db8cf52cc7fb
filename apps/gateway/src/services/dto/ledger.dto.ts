import {
  ACCOUNT_KEY_PATTERN,
  Assets,
  CLIENT_ID_PATTERN,
  IsSafeInteger,
  TransferCodes,
  type Asset,
  type TransferCode,
} from '@goodloop/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQuery } from './page.dto';

/* Mirrors of the ledger service's inputs; the ledger decides balances, flags and idempotency. */

export class WalletQuery {
  @ApiPropertyOptional({ enum: Assets, default: 'POINTS' })
  @IsOptional()
  @IsIn(Assets)
  asset?: Asset;
}

export class WalletEntriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: Assets, default: 'POINTS' })
  @IsOptional()
  @IsIn(Assets)
  asset?: Asset;
}

export class TransferReferencesDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sourceEvent?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  requestedBy?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class CreateTransferDto {
  @ApiProperty({
    description: 'Chosen by the caller; the same id with the same content is applied once',
    example: 'adjust:2026-001',
  })
  @Matches(CLIENT_ID_PATTERN, { message: 'transferId may hold letters, digits and :_-. (at most 128)' })
  transferId: string;

  @ApiProperty({ example: 'issuance:community-points' })
  @Matches(ACCOUNT_KEY_PATTERN, { message: 'debitAccount must be an account key such as user:<id> or fund:<id>' })
  debitAccount: string;

  @ApiProperty({ example: 'user:0190a4a0-0000-7000-8000-000000000001' })
  @Matches(ACCOUNT_KEY_PATTERN, { message: 'creditAccount must be an account key such as user:<id> or fund:<id>' })
  creditAccount: string;

  @ApiProperty({ enum: Assets })
  @IsIn(Assets)
  asset: Asset;

  @ApiProperty({ minimum: 1, description: 'Whole points, or fen for CNY' })
  @IsSafeInteger()
  @Min(1)
  amount: number;

  @ApiProperty({ enum: TransferCodes })
  @IsIn(TransferCodes)
  code: TransferCode;

  @ApiPropertyOptional({ type: () => TransferReferencesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TransferReferencesDto)
  references?: TransferReferencesDto;
}
