import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Assets, TransferCodes, type Asset, type TransferCode } from '@goodloop/contracts';

export class WalletQueryDto {
  @IsOptional()
  @IsIn(Assets)
  asset?: Asset;
}

/** Filters of the statement and of its CSV export. */
export class EntriesFilterDto extends WalletQueryDto {
  @IsOptional()
  @IsIn(TransferCodes)
  code?: TransferCode;

  /** in: received; out: spent. */
  @IsOptional()
  @IsIn(['in', 'out'])
  direction?: 'in' | 'out';

  /** Entries at or after this time. */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Entries before this time. */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class EntriesQueryDto extends EntriesFilterDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  /** Opaque: the `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  cursor?: string;
}

export class BalanceAtQueryDto extends WalletQueryDto {
  @IsISO8601({ strict: true })
  at: string;
}
