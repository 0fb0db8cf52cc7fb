import { ActivityCategories } from '@goodloop/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/** Fixed bonus points per verified attendance, by activity category (0 to 1,000 each). */
export class CategoryBonusDto implements Partial<Record<(typeof ActivityCategories)[number], number>> {
  @IsOptional() @IsInt() @Min(0) @Max(1000) charity?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) relief?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) funeral?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) disability?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) children?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) elderly?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) social_work?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) community?: number;
}

/**
 * Body of `POST /internal/programmes/:programmeId/earn-rules`: the next version of the rule.
 * Absent fields mean "none" (no fixed rate: the activity's; no bonus; no cap; points keep).
 */
export class CreateEarnRuleDto {
  /** When the version starts to apply; now when absent. Never in the past. */
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveFrom?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  pointsPerHour?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CategoryBonusDto)
  categoryBonus?: CategoryBonusDto;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  dailyCap?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  monthlyCap?: number;

  /** Days until earned points expire: 1 to 3,660. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3660)
  lifetimeDays?: number;

  /** The IANA time zone the caps count days and months in; Asia/Shanghai when absent. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
}
