import { ActivityCategories, Assets, TransferCodes } from '@goodloop/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PlaceDto } from './volunteers.dto';

/*
 * The shapes the services answer with, as the gateway relays them unchanged (docs/api.md).
 * They exist for the OpenAPI document; the services own them.
 */

export class ActivityView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) orgId: string;
  @ApiProperty({ example: '阳光社区' }) orgName: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: ActivityCategories }) category: string;
  @ApiProperty({ type: () => PlaceDto }) place: PlaceDto;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty() capacity: number;
  @ApiProperty() pointsPerHour: number;
  @ApiProperty() confirmedCount: number;
  @ApiProperty() waitlistCount: number;
  @ApiProperty({ enum: ['upcoming', 'running', 'ended'] }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ description: 'Only for the activity’s organizers' }) checkInCode?: string;
  @ApiPropertyOptional({ description: 'GET /activities/:id when signed in', type: () => SignupView, nullable: true })
  mySignup?: SignupView | null;
}

export class SignupView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) activityId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: ['confirmed', 'waitlisted', 'cancelled'] }) status: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) waitlistPosition?: number | null;
}

export class AttendanceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) activityId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() userName: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) checkInAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) checkOutAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) recordedMinutes: number | null;
  @ApiProperty({ type: Number, nullable: true }) verifiedMinutes: number | null;
  @ApiProperty({ type: String, nullable: true }) correctionReason: string | null;
  @ApiProperty({ enum: ['checked_in', 'checked_out', 'verified'] }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) verifiedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) verifiedBy: string | null;
}

export class ActivityPageView {
  @ApiProperty({ type: () => ActivityView, isArray: true }) items: ActivityView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class WalletView {
  @ApiProperty({ type: String, nullable: true, description: 'null until the first transfer' }) accountId: string | null;
  @ApiProperty({ enum: Assets }) asset: string;
  @ApiProperty({ description: 'Whole points (or fen)' }) balance: number;
  @ApiProperty({ description: 'Held by pending transfers' }) pending: number;
  @ApiProperty({ description: 'balance − pending' }) available: number;
}

export class WalletEntryView {
  @ApiProperty() id: string;
  @ApiProperty() transferId: string;
  @ApiProperty({ description: 'Signed: credits positive, debits negative' }) amount: number;
  @ApiProperty() balanceAfter: number;
  @ApiProperty({ enum: TransferCodes }) code: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class WalletEntryPageView {
  @ApiProperty({ type: () => WalletEntryView, isArray: true }) items: WalletEntryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class TrialBalanceAssetView {
  @ApiProperty({ enum: Assets }) asset: string;
  @ApiProperty() accounts: number;
  @ApiProperty() debits: number;
  @ApiProperty() credits: number;
  @ApiProperty({ description: 'Always 0 in a healthy ledger' }) sum: number;
  @ApiProperty() balanced: boolean;
}

export class TrialBalanceView {
  @ApiProperty({ type: () => TrialBalanceAssetView, isArray: true }) assets: TrialBalanceAssetView[];
}

export class RosterEntryView extends SignupView {
  @ApiProperty() userName: string;
  @ApiPropertyOptional({ type: () => AttendanceView, nullable: true }) attendance?: AttendanceView | null;
}

export class RosterPageView {
  @ApiProperty({ type: () => RosterEntryView, isArray: true }) items: RosterEntryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class MySignupView extends SignupView {
  @ApiProperty({ type: () => ActivityView }) activity: ActivityView;
}

export class MySignupPageView {
  @ApiProperty({ type: () => MySignupView, isArray: true }) items: MySignupView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AttendancePageView {
  @ApiProperty({ type: () => AttendanceView, isArray: true }) items: AttendanceView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
