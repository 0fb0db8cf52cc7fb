import { ActivityCategories, IsSafeInteger, type ActivityCategory } from '@goodloop/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from './page.dto';

/*
 * Mirrors of the volunteers service's request bodies (docs/api.md). The gateway validates them
 * too, so malformed input is refused with field errors before any call to the service; the
 * service stays the judge of its own rules (times in order, who may do what, capacity).
 * These mirrors are never stricter than the contract.
 */

export class PlaceDto {
  @ApiProperty({ example: '阳光社区活动中心', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ minimum: -90, maximum: 90 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number;

  @ApiPropertyOptional({ minimum: -180, maximum: 180 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng?: number;
}

export class CreateActivityDto {
  @ApiProperty({ format: 'uuid', description: 'The organising organisation (you must be its organizer)' })
  @IsUUID()
  orgId: string;

  @ApiProperty({ minLength: 1, maxLength: 120, example: '陪伴长者读报' })
  @IsString()
  @Length(1, 120)
  title: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ enum: ActivityCategories })
  @IsIn(ActivityCategories)
  category: ActivityCategory;

  @ApiProperty({ type: () => PlaceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PlaceDto)
  place: PlaceDto;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T02:00:00.000Z' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T04:00:00.000Z' })
  @IsISO8601({ strict: true })
  endsAt: string;

  @ApiProperty({ minimum: 1, maximum: 10000 })
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity: number;

  @ApiProperty({ minimum: 0, maximum: 1000, description: 'Whole points per verified hour' })
  @IsSafeInteger()
  @Min(0)
  @Max(1000)
  pointsPerHour: number;
}

export class ListActivitiesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ActivityCategories })
  @IsOptional()
  @IsIn(ActivityCategories)
  category?: ActivityCategory;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Activities ending after this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Activities starting before this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'Words in the title or description', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export const AttendanceActions = ['check_in', 'check_out'] as const;

export class RecordAttendanceDto {
  @ApiProperty({ enum: AttendanceActions })
  @IsIn(AttendanceActions)
  action: (typeof AttendanceActions)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'Organizer: whose attendance to record' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ example: '042917', description: 'Resident: the six-digit code shown on site' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code?: string;
}

export class VerifyAttendanceDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 1440, description: 'Corrected minutes; needs a reason' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  minutes?: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
