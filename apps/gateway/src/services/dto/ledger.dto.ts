import {
  ACCOUNT_KEY_PATTERN,
  Assets,
  CLIENT_ID_PATTERN,
  IsSafeInteger,
  TransferCodes,
  type Asset,
  type TransferCode,
} from '@goodloop/contracts';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { PageQuery } from './page.dto';

/* Mirrors of the ledger service's inputs; the ledger decides balances, flags and idempotency. */

export class WalletQuery {
  @ApiPropertyOptional({ enum: Assets, default: 'POINTS' })
  @IsOptional()
  @IsIn(Assets)
  asset?: Asset;
}

export const EntryDirections = ['in', 'out'] as const;
export type EntryDirection = (typeof EntryDirections)[number];

/**
 * The later bound of a range is not before the earlier one. Either bound missing, or not a
 * date (its own rule reports that), passes: `from=2026-12-02&to=2026-12-01` fails, naming `to`.
 */
function IsNotBefore(earlier: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [earlier],
      options: { message: `${String(propertyName)} must not be before ${earlier}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[earlier];
          if (typeof value !== 'string' || typeof other !== 'string') return true;
          const later = Date.parse(value);
          const start = Date.parse(other);
          return Number.isNaN(later) || Number.isNaN(start) || later >= start;
        },
      },
    });
  };
}

/** Which statement lines to show (or export): by transfer code, direction and time. */
export class WalletEntriesFilter {
  @ApiPropertyOptional({ enum: Assets, default: 'POINTS' })
  @IsOptional()
  @IsIn(Assets)
  asset?: Asset;

  @ApiPropertyOptional({ enum: TransferCodes, description: 'Only lines of transfers with this code' })
  @IsOptional()
  @IsIn(TransferCodes)
  code?: TransferCode;

  @ApiPropertyOptional({ enum: EntryDirections, description: '`in`: credits (amount > 0); `out`: debits' })
  @IsOptional()
  @IsIn(EntryDirections)
  direction?: EntryDirection;

  @ApiPropertyOptional({ format: 'date-time', description: 'Lines at or after this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Lines up to this time (ISO 8601), not before `from`' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time' })
  @IsNotBefore('from')
  to?: string;
}

export class WalletEntriesQuery extends IntersectionType(WalletEntriesFilter, PageQuery) {}

export class WalletBalanceAtQuery extends WalletQuery {
  @ApiProperty({ format: 'date-time', description: 'The moment to read the balance at (ISO 8601)' })
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 date or time' })
  at: string;
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

export class PendingOptionsDto {
  @ApiProperty({ minimum: 1, maximum: 90 * 24 * 3600, description: 'Seconds until the hold voids itself' })
  @IsInt()
  @Min(1)
  @Max(90 * 24 * 3600)
  timeoutSeconds: number;
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

  @ApiPropertyOptional({
    type: () => PendingOptionsDto,
    description: 'Hold the amount instead of moving it; post or void it later, or it voids itself at the timeout',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PendingOptionsDto)
  pending?: PendingOptionsDto;
}

/** `POST /ledger/transfers/:id/reverse`: sends a posted transfer's amount (or part of it) back. */
export class ReverseTransferDto {
  @ApiProperty({ description: 'Id of the reversing transfer, chosen by the caller', example: 'reverse:adjust:2026-001' })
  @Matches(CLIENT_ID_PATTERN, { message: 'transferId may hold letters, digits and :_-. (at most 128)' })
  transferId: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Part of the amount to send back; the whole amount when left out' })
  @IsOptional()
  @IsSafeInteger()
  @Min(1)
  amount?: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

/** `POST /ledger/transfers/:id/post`: settles a pending transfer, for all or part of what it holds. */
export class PostPendingTransferDto {
  @ApiProperty({ description: 'Id of the posting transfer, chosen by the caller', example: 'post:redeem:2026-001' })
  @Matches(CLIENT_ID_PATTERN, { message: 'transferId may hold letters, digits and :_-. (at most 128)' })
  transferId: string;

  @ApiPropertyOptional({ minimum: 1, description: 'At most the pending amount; the whole of it when left out' })
  @IsOptional()
  @IsSafeInteger()
  @Min(1)
  amount?: number;
}

/** `POST /ledger/transfers/:id/void`: releases what a pending transfer holds. */
export class VoidPendingTransferDto {
  @ApiProperty({ description: 'Id of the voiding transfer, chosen by the caller', example: 'void:redeem:2026-001' })
  @Matches(CLIENT_ID_PATTERN, { message: 'transferId may hold letters, digits and :_-. (at most 128)' })
  transferId: string;
}

/** `POST /programmes/:id/earn-rules`: the next version of a programme's earn rule (the ledger checks the rest). */
export class CreateEarnRuleDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the version starts to apply; now when left out. Never in the past.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveFrom?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1000,
    description: "Points per verified hour; the activity's own rate when left out",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  pointsPerHour?: number;

  @ApiPropertyOptional({
    description: 'Fixed points per verified attendance, by activity category',
    example: { elderly: 5, children: 3 },
  })
  @IsOptional()
  @IsObject()
  categoryBonus?: Record<string, number>;

  @ApiPropertyOptional({ minimum: 0, description: 'Most points one resident earns in one day' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  dailyCap?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Most points one resident earns in one month' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  monthlyCap?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 3660, description: 'Days until earned points expire; they keep when left out' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3660)
  lifetimeDays?: number;

  @ApiPropertyOptional({ example: 'Asia/Shanghai', description: 'The time zone the caps count days and months in' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
}
