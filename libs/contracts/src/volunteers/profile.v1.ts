import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsNumber, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Doc, IsInstant, Nullable, Trim } from '../http/shape';
import { Skills } from '../matching/catalogue';

/*
 * Volunteer profiles (docs/api.md, "Volunteer profiles"): skills and who confirmed them, weekly
 * availability, home area, verified hours and the star level. The volunteers service owns them;
 * matching keeps a read model from `volunteers.profile.changed.v1`.
 */

export class WeeklySlotDto {
  @IsInt()
  @Min(1)
  @Max(7)
  @Doc('ISO weekday: 1 Monday … 7 Sunday')
  weekday: number;

  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'from must be a time such as 09:00' })
  from: string;

  @Matches(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'to must be a time such as 17:30' })
  to: string;
}

export class HomeAreaDto {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng: number;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Doc({ example: '阳光社区' })
  address: string;

  @IsInt()
  @Min(1)
  @Max(50)
  @Doc('How far the volunteer will travel, in km')
  reachKm: number;
}

export class UpdateVolunteerProfileDto {
  @IsArray()
  @ArrayMaxSize(Skills.length)
  @ArrayUnique()
  @IsIn(Skills, { each: true, message: 'each skill must be one of GET /matching/catalogue' })
  skills: string[];

  @IsArray()
  @ArrayMaxSize(28)
  @ValidateNested({ each: true })
  @Type(() => WeeklySlotDto)
  availability: WeeklySlotDto[];

  @Nullable()
  @ValidateNested()
  @Type(() => HomeAreaDto)
  homeArea: HomeAreaDto | null;
}

export class SkillView {
  @IsString() skill: string;
  @Nullable() @IsUUID() confirmedBy: string | null;
  @Nullable() @IsString() confirmedByName: string | null;
  @Nullable() @IsInstant() confirmedAt: string | null;
}

export class NextStarView {
  @IsInt() level: number;
  @IsInt() hours: number;
}

export class VolunteerProfileView {
  @IsUUID() userId: string;
  @IsString() displayName: string;
  @ValidateNested({ each: true }) @Type(() => SkillView) skills: SkillView[];
  @ValidateNested({ each: true }) @Type(() => WeeklySlotDto) availability: WeeklySlotDto[];
  @Nullable() @ValidateNested() @Type(() => HomeAreaDto) homeArea: HomeAreaDto | null;
  @IsInt() verifiedMinutes: number;
  @IsNumber() @Doc('Verified hours, to one decimal') verifiedHours: number;
  @IsInt() @Doc('0–5 stars: 100, 300, 600, 1,000 and 1,500 verified hours') starLevel: number;
  @Nullable() @ValidateNested() @Type(() => NextStarView) nextStar: NextStarView | null;
  @IsInstant() updatedAt: string;
}

/** What anyone signed in may see of a volunteer: hours, stars and skills, no place or schedule. */
export class PublicVolunteerProfileView {
  @IsUUID() userId: string;
  @IsString() displayName: string;
  @IsNumber() verifiedHours: number;
  @IsInt() starLevel: number;
  @ValidateNested({ each: true }) @Type(() => SkillView) skills: SkillView[];
}

/** A volunteer invited through an accepted skill match. */
export class InvitationOfMatchView {
  @IsUUID() matchId: string;
  @IsUUID() needId: string;
  @IsString() title: string;
  @IsString() skill: string;
  @IsString() address: string;
  @Nullable() @IsInstant() windowStart: string | null;
  @Nullable() @IsInstant() windowEnd: string | null;
  @IsUUID() orgId: string;
  @IsInstant() invitedAt: string;
}

export class InvitationOfMatchListView {
  @ValidateNested({ each: true }) @Type(() => InvitationOfMatchView) items: InvitationOfMatchView[];
}

