import { ActivityCategories, type ActivityCategory } from '@goodloop/contracts';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsInstant, Trim } from '../../shared/validation';

export class PlaceDto {
  @Trim()
  @IsString()
  @Length(1, 120)
  name: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(300)
  address?: string;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng?: number;
}

/**
 * `POST /activities`. The organisation's name is not part of the body: it comes from the
 * caller's membership (or, for an admin, from the orgs read model). Rules across fields (end
 * after start, at most 24 h, not more than a day in the past) are checked by the service.
 */
export class CreateActivityDto {
  @IsUUID()
  orgId: string;

  @Trim()
  @IsString()
  @Length(1, 120)
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @IsIn(ActivityCategories)
  category: ActivityCategory;

  @IsObject()
  @ValidateNested()
  @Type(() => PlaceDto)
  place: PlaceDto;

  @IsInstant()
  startsAt: string;

  @IsInstant()
  endsAt: string;

  @IsInt()
  @Min(1)
  @Max(10_000)
  capacity: number;

  @IsInt()
  @Min(0)
  @Max(1000)
  pointsPerHour: number;
}
