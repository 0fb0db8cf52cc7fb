import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Assets, type Asset } from '@goodloop/contracts';

export class WalletQueryDto {
  @IsOptional()
  @IsIn(Assets)
  asset?: Asset;
}

export class EntriesQueryDto extends WalletQueryDto {
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
