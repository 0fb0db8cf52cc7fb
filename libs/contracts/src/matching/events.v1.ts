import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsSafeInteger } from '../validators';
import { NeedKinds, type NeedKind } from './http.v1';

/**
 * Both sides accepted a proposed match (`matching.match.accepted.v1`, key: the match id).
 * Donations allocates the stock of an item match; volunteers invites the volunteer of a skill match.
 */
export class MatchAcceptedV1 {
  @IsUUID()
  matchId: string;

  @IsUUID()
  runId: string;

  @IsIn(NeedKinds)
  kind: NeedKind;

  @IsUUID()
  needId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  needTitle: string;

  @IsUUID()
  needOrgId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  category: string;

  @IsSafeInteger()
  @Min(1)
  quantity: number;

  @IsOptional()
  @IsUUID()
  /** Item matches: the pledge whose stock is allocated */
  pledgeId?: string;

  @IsOptional()
  @IsUUID()
  /** Skill matches: the volunteer invited */
  volunteerId?: string;

  @IsString()
  @MaxLength(200)
  address: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  windowStart?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  windowEnd?: string;

  @IsISO8601({ strict: true })
  acceptedAt: string;
}

/**
 * Donations' answer to an item match (`donations.allocation.recorded.v1`, key: the match id):
 * how much of the agreed quantity it set aside for the need (less when stock ran out meanwhile).
 */
export class AllocationRecordedV1 {
  @IsUUID()
  matchId: string;

  @IsUUID()
  pledgeId: string;

  @IsSafeInteger()
  @Min(1)
  requested: number;

  @IsSafeInteger()
  @Min(0)
  allocated: number;

  @IsISO8601({ strict: true })
  recordedAt: string;
}

export class WeeklySlotV1 {
  @IsInt() @Min(1) @Max(7) weekday: number;
  @IsString() @MaxLength(5) from: string;
  @IsString() @MaxLength(5) to: string;
}

export class HomeAreaV1 {
  @IsNumber() @Min(-90) @Max(90) lat: number;
  @IsNumber() @Min(-180) @Max(180) lng: number;
  @IsString() @MaxLength(200) address: string;
  @IsInt() @Min(1) @Max(50) reachKm: number;
}

/**
 * A volunteer's profile as it now stands (`volunteers.profile.changed.v1`, key: the user id):
 * skills, confirmed skills, weekly availability, home area, verified hours and stars. Each
 * message carries the whole profile and a version that only grows, so a reader keeps the newest.
 */
export class VolunteerProfileChangedV1 {
  @IsUUID()
  userId: string;

  @IsSafeInteger()
  @Min(1)
  version: number;

  @IsString()
  @MaxLength(100)
  displayName: string;

  @IsArray()
  @IsString({ each: true })
  skills: string[];

  @IsArray()
  @IsString({ each: true })
  confirmedSkills: string[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WeeklySlotV1)
  availability: WeeklySlotV1[];

  @IsOptional()
  @ValidateNested()
  @Type(() => HomeAreaV1)
  homeArea?: HomeAreaV1;

  @IsSafeInteger()
  @Min(0)
  verifiedMinutes: number;

  @IsInt()
  @Min(0)
  @Max(5)
  starLevel: number;

  @IsISO8601({ strict: true })
  changedAt: string;
}
