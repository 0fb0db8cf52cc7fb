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

export class ExpiryView {
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ description: 'Points that lapse at that time unless spent first' }) amount: number;
}

export class WalletView {
  @ApiProperty({ type: String, nullable: true, description: 'null until the first transfer' }) accountId: string | null;
  @ApiProperty({ enum: Assets }) asset: string;
  @ApiProperty({ description: 'Whole points (or fen)' }) balance: number;
  @ApiProperty({ description: 'Held by pending transfers' }) pending: number;
  @ApiProperty({ description: 'balance − pending' }) available: number;
  @ApiProperty({ type: () => ExpiryView, isArray: true, description: 'Upcoming expiries, soonest first' })
  expiringSoon: ExpiryView[];
  @ApiProperty({ type: () => ExpiryView, nullable: true, description: 'The next expiry, or null when nothing expires' })
  nextExpiry: ExpiryView | null;
}

export class WalletBalanceAtView {
  @ApiProperty({ enum: Assets }) asset: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: 'Posted balance at that moment' }) balance: number;
}

export class WalletEntryView {
  @ApiProperty() id: string;
  @ApiProperty() transferId: string;
  @ApiProperty({ description: 'Signed: credits positive, debits negative' }) amount: number;
  @ApiProperty() balanceAfter: number;
  @ApiProperty({ enum: TransferCodes }) code: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Who or what asked for the transfer: `user:<id>`, `message:<envelopeId>`, `job:<name>`',
  })
  causedBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The account key on the other side of the transfer' })
  counterparty: string | null;
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

export class ReconciliationDriftView {
  @ApiProperty({ example: 'user:0190a4a0-0000-7000-8000-000000000001' }) accountKey: string;
  @ApiProperty({ enum: Assets }) asset: string;
  @ApiProperty({ description: 'The account’s stored balance' }) stored: number;
  @ApiProperty({ description: 'The balance its entries add up to' }) fromEntries: number;
}

export class ReconciliationView {
  @ApiProperty({ enum: ['ok', 'drift', 'not_run'] }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) checkedAt: string | null;
  @ApiProperty() accountsChecked: number;
  @ApiProperty({ type: () => ReconciliationDriftView, isArray: true }) drifts: ReconciliationDriftView[];
}

export class ChainHeadView {
  @ApiProperty() seq: number;
  @ApiProperty() hash: string;
}

export class ChainBreakView {
  @ApiProperty() seq: number;
  @ApiProperty() transferId: string;
  @ApiProperty() reason: string;
}

export class ChainVerificationView {
  @ApiProperty({ description: 'Every link’s hash matches its content and its predecessor' }) valid: boolean;
  @ApiProperty({ description: 'Links checked' }) length: number;
  @ApiProperty({ type: () => ChainHeadView, nullable: true }) head: ChainHeadView | null;
  @ApiProperty({ type: () => ChainBreakView, nullable: true, description: 'The first broken link' })
  brokenAt: ChainBreakView | null;
  @ApiProperty({ format: 'date-time' }) verifiedAt: string;
}

export class TransferResultView {
  @ApiProperty() transferId: string;
  @ApiProperty({ enum: ['posted', 'pending', 'voided'] }) status: string;
  @ApiProperty({ description: 'true when this id was already applied with the same content' }) replayed: boolean;
  @ApiProperty({ format: 'date-time' }) postedAt: string;
  @ApiProperty() debitAccount: string;
  @ApiProperty() creditAccount: string;
  @ApiProperty({ enum: Assets }) asset: string;
  @ApiProperty() amount: number;
  @ApiProperty({ enum: TransferCodes }) code: string;
  @ApiPropertyOptional({ description: 'The pending transfer this one posts or voids' }) pendingId?: string;
  @ApiPropertyOptional({ description: 'The transfer this one reverses' }) reversesId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When a pending transfer lapses' }) timeoutAt?: string;
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
