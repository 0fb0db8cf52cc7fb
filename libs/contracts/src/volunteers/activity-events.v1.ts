import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ActivityCategories, type ActivityCategory } from '../enums';
import { IsSafeInteger, PROGRAMME_ID_PATTERN } from '../validators';

/** `volunteers.activity.published.v1` — key: activityId. */
export class ActivityPublishedV1 {
  @IsUUID()
  activityId: string;

  @IsUUID()
  orgId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  title: string;

  @IsIn(ActivityCategories)
  category: ActivityCategory;

  @IsISO8601({ strict: true })
  startsAt: string;

  @IsISO8601({ strict: true })
  endsAt: string;

  @IsInt()
  @Min(1)
  capacity: number;

  @IsSafeInteger()
  @Min(0)
  @Max(1000)
  pointsPerHour: number;

  @IsString()
  @Matches(PROGRAMME_ID_PATTERN, { message: 'programmeId must be 1–64 letters, digits, "_", "." or "-"' })
  programmeId: string;
}

/**
 * `volunteers.hours.verified.v1` — key: userId (so one resident's earnings stay in order).
 * Emitted exactly once per attendance, when the organizer verifies it. The ledger credits
 * floor(minutes × pointsPerHour / 60) points, with a transfer id derived from attendanceId.
 */
export class HoursVerifiedV1 {
  @IsUUID()
  attendanceId: string;

  @IsUUID()
  activityId: string;

  @IsUUID()
  orgId: string;

  @IsUUID()
  userId: string;

  @IsIn(ActivityCategories)
  category: ActivityCategory;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  minutes: number;

  @IsSafeInteger()
  @Min(0)
  @Max(1000)
  pointsPerHour: number;

  @IsString()
  @Matches(PROGRAMME_ID_PATTERN, { message: 'programmeId must be 1–64 letters, digits, "_", "." or "-"' })
  programmeId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  activityTitle: string;

  @IsUUID()
  verifiedBy: string;

  @IsISO8601({ strict: true })
  verifiedAt: string;
}
