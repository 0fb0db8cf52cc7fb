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
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActivityCategories, type ActivityCategory } from '../enums';
import { PageQuery } from '../http/page.v1';
import { Doc, IsInstant, Nullable, PageOf, Trim } from '../http/shape';
import {
  ACTIVITY_CAPACITY_MAX,
  ACTIVITY_CAPACITY_MIN,
  ACTIVITY_DESCRIPTION_MAX_LENGTH,
  ACTIVITY_TITLE_MAX_LENGTH,
  MAX_ATTENDANCE_MINUTES,
  MAX_POINTS_PER_HOUR,
  PLACE_ADDRESS_MAX_LENGTH,
  PLACE_NAME_MAX_LENGTH,
  VERIFY_REASON_MAX_LENGTH,
} from './limits';

// The bounds live in an import-free file the web app bundles too.
export * from './limits';

/*
 * The volunteers service's public HTTP shapes (docs/api.md, "Activities"): the bodies and
 * queries it validates, and the views it answers. The gateway validates with the same classes
 * before relaying, and the web app reads their types. Rules across fields (end after start, at
 * most 24 h) and who may do what stay the service's own checks.
 */

/** Six decimal digits, shown by the organizer on site, typed by residents to check themselves in. */
export const CHECK_IN_CODE_PATTERN = /^\d{6}$/;

export const ActivityStatuses = ['upcoming', 'running', 'ended'] as const;
export type ActivityStatus = (typeof ActivityStatuses)[number];
export const SignupStatuses = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type SignupStatus = (typeof SignupStatuses)[number];
export const AttendanceActions = ['check_in', 'check_out'] as const;
export type AttendanceAction = (typeof AttendanceActions)[number];
/**
 * `pending_approval`: a raise above the recorded minutes by more than the programme's
 * `raiseApprovalMinutes` waits for a second manager of the organisation (approve → verified,
 * reject → back to checked_out).
 */
export const AttendanceStatuses = ['checked_in', 'checked_out', 'pending_approval', 'verified'] as const;
export type AttendanceStatus = (typeof AttendanceStatuses)[number];
/** A roster line's progress: not checked in yet, or its attendance's status. */
export const RosterAttendanceStatuses = ['not_checked_in', ...AttendanceStatuses] as const;
export type RosterAttendanceStatus = (typeof RosterAttendanceStatuses)[number];

// ---------------------------------------------------------------- requests

export class PlaceDto {
  @Trim()
  @IsString()
  @Length(1, PLACE_NAME_MAX_LENGTH)
  @Doc({ example: '阳光社区活动中心' })
  name: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(PLACE_ADDRESS_MAX_LENGTH)
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
 * caller's membership (or, for an admin, from the orgs read model).
 */
export class CreateActivityDto {
  @IsUUID()
  @Doc('The organising organisation (you must be its organizer)')
  orgId: string;

  @Trim()
  @IsString()
  @Length(1, ACTIVITY_TITLE_MAX_LENGTH)
  @Doc({ example: '陪伴长者读报' })
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(ACTIVITY_DESCRIPTION_MAX_LENGTH)
  description?: string;

  @IsIn(ActivityCategories)
  category: ActivityCategory;

  @IsObject()
  @ValidateNested()
  @Type(() => PlaceDto)
  place: PlaceDto;

  @IsInstant()
  @Doc({ example: '2026-12-01T02:00:00.000Z' })
  startsAt: string;

  @IsInstant()
  @Doc({ example: '2026-12-01T04:00:00.000Z' })
  endsAt: string;

  @IsInt()
  @Min(ACTIVITY_CAPACITY_MIN)
  @Max(ACTIVITY_CAPACITY_MAX)
  capacity: number;

  @IsInt()
  @Min(0)
  @Max(MAX_POINTS_PER_HOUR)
  @Doc("Whole points per verified hour, at most the programme earn rule's maxPointsPerHour")
  pointsPerHour: number;
}

/**
 * `GET /activities`. `from`/`to` select activities that overlap the window: those still going
 * on at `from` (ending after it) and starting before `to`. Soonest first.
 */
export class ListActivitiesQuery extends PageQuery {
  @IsOptional()
  @IsIn(ActivityCategories)
  category?: ActivityCategory;

  @IsOptional()
  @IsUUID()
  orgId?: string;

  @IsOptional()
  @IsInstant()
  @Doc('Activities ending after this time')
  from?: string;

  @IsOptional()
  @IsInstant()
  @Doc('Activities starting before this time')
  to?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 120)
  @Doc('Words in the title, case-insensitive')
  q?: string;
}

/**
 * `POST /activities/:id/attendance`. An organizer names the person (`userId`); a resident
 * checking themselves in or out leaves it out (or gives their own id) and gives the code.
 */
export class RecordAttendanceDto {
  @IsIn(AttendanceActions)
  action: AttendanceAction;

  @IsOptional()
  @IsUUID()
  @Doc('Organizer: whose attendance to record')
  userId?: string;

  @IsOptional()
  @IsString()
  @Matches(CHECK_IN_CODE_PATTERN, { message: 'code must be six digits' })
  @Doc({ description: 'Resident: the six-digit code shown on site', example: '042917' })
  code?: string;
}

/** `POST /attendance/:id/verify`: confirm the recorded minutes, or correct them with a reason. */
export class VerifyAttendanceDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ATTENDANCE_MINUTES)
  @Doc('Corrected minutes; needs a reason')
  minutes?: number;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, VERIFY_REASON_MAX_LENGTH)
  reason?: string;
}

/** `POST /attendance/:id/reject`: a second manager turns down a proposed raise, saying why. */
export class RejectAttendanceRaiseDto {
  @Trim()
  @IsString()
  @Length(1, VERIFY_REASON_MAX_LENGTH)
  @Doc({ description: 'Why the raise is turned down; shown to the proposer', example: '签到表上没有此人' })
  reason: string;
}

// ---------------------------------------------------------------- views

export class PlaceView {
  @IsString() name: string;
  @IsOptional() @IsString() address?: string;
  @IsOptional() @IsNumber() lat?: number;
  @IsOptional() @IsNumber() lng?: number;
}

/** The public `activity` shape of docs/api.md. */
export class ActivityView {
  @IsUUID() id: string;
  @IsUUID() orgId: string;
  @IsString() @Doc({ example: '阳光社区' }) orgName: string;
  @IsString() title: string;
  @IsString() @Doc('Empty when the organizer gave none') description: string;
  @IsIn(ActivityCategories) category: ActivityCategory;
  @ValidateNested() @Type(() => PlaceView) place: PlaceView;
  @IsInstant() startsAt: string;
  @IsInstant() endsAt: string;
  @IsInt() capacity: number;
  @IsInt() pointsPerHour: number;
  @IsInt() confirmedCount: number;
  @IsInt() waitlistCount: number;
  @IsIn(ActivityStatuses) status: ActivityStatus;
  @IsInstant() createdAt: string;
  @IsOptional() @IsString() @Doc('Only for the activity’s organizers') checkInCode?: string;
}

/** `{ id, activityId, userId, status, waitlistPosition }` of docs/api.md, with its times. */
export class SignupView {
  @IsUUID() id: string;
  @IsUUID() activityId: string;
  @IsUUID() userId: string;
  @IsIn(SignupStatuses) status: SignupStatus;
  @IsOptional() @IsInt() @Doc('Only while waitlisted; 1 is next in line') waitlistPosition?: number;
  @IsInstant() createdAt: string;
  @Nullable() @IsInstant() confirmedAt: string | null;
  @Nullable() @IsInstant() cancelledAt: string | null;
}

/** The public `attendance` shape of docs/api.md. */
export class AttendanceView {
  @IsUUID() id: string;
  @IsUUID() activityId: string;
  @IsUUID() userId: string;
  @IsString() @Doc('The display name, or the id of a user not known yet') userName: string;
  @IsInstant() checkInAt: string;
  @Nullable() @IsInstant() checkOutAt: string | null;
  @Nullable() @IsInt() recordedMinutes: number | null;
  @Nullable() @IsInt() verifiedMinutes: number | null;
  @Nullable() @IsString() correctionReason: string | null;
  @IsIn(AttendanceStatuses) status: AttendanceStatus;
  @Nullable() @IsInstant() verifiedAt: string | null;
  @Nullable() @IsUUID() @Doc('Who verified; for an approved raise, the second manager') verifiedBy: string | null;
  @Nullable() @IsInt() @Doc('While pending_approval: the raised minutes proposed') proposedMinutes: number | null;
  @Nullable() @IsString() @Doc('While pending_approval: the reason given for the raise') proposalReason: string | null;
  @Nullable() @IsUUID() @Doc('Who proposed the raise (kept once approved)') proposedBy: string | null;
  @Nullable() @IsInstant() proposedAt: string | null;
  @Nullable() @IsString() @Doc('Why the last proposed raise was rejected, until it is verified') rejectionReason: string | null;
}

/** The caller's own signup with how far their attendance got. */
export class MyActivitySignupView extends SignupView {
  @Nullable() @ValidateNested() @Type(() => AttendanceView) attendance: AttendanceView | null;
}

/** `GET /activities/:id`: the activity; for a signed-in caller also their signup (or null). */
export class ActivityDetailView extends ActivityView {
  @IsOptional()
  @Nullable()
  @ValidateNested()
  @Type(() => MyActivitySignupView)
  @Doc('Only for a signed-in caller: their current (not cancelled) signup, or null')
  mySignup?: MyActivitySignupView | null;
}

/** A roster line: the signup, who it is, and how far their attendance got. */
export class RosterEntryView extends SignupView {
  @IsString() userName: string;
  @IsIn(RosterAttendanceStatuses) attendanceStatus: RosterAttendanceStatus;
  @Nullable() @ValidateNested() @Type(() => AttendanceView) attendance: AttendanceView | null;
}

/** `GET /me/signups`: a signup with its activity and the caller's attendance. */
export class MySignupView extends SignupView {
  @ValidateNested() @Type(() => ActivityView) activity: ActivityView;
  @Nullable() @ValidateNested() @Type(() => AttendanceView) attendance: AttendanceView | null;
}

export class ActivityPageView extends PageOf(ActivityView) {}
export class RosterPageView extends PageOf(RosterEntryView) {}
export class MySignupPageView extends PageOf(MySignupView) {}
export class AttendancePageView extends PageOf(AttendanceView) {}
