import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '../http/page.v1';
import { Doc, IsInstant, Nullable, PageOf, Trim } from '../http/shape';
import { IsSafeInteger } from '../validators';
import { BeneficiaryGroups, ItemCategories, type BeneficiaryGroup, type ItemCategory } from '../matching/catalogue';

/*
 * The donations service's public HTTP shapes (docs/api.md, "Donations", "In kind and rewards"):
 * cash gifts to funds and their receipts, donor-advised funds, in-kind pledges, the rewards
 * catalogue and redemptions. Amounts are safe integers: fen for money, whole points for points.
 */

export const FundKinds = ['community', 'round_pool', 'daf'] as const;
export type FundKind = (typeof FundKinds)[number];

export const DonationStatuses = ['awaiting_payment', 'confirmed', 'failed'] as const;
export type DonationStatus = (typeof DonationStatuses)[number];

export const PledgeCategories = ['goods', 'course', 'service'] as const;
export type PledgeCategory = (typeof PledgeCategories)[number];

export const PledgeStatuses = ['pledged', 'in_stock', 'allocated', 'delivered', 'cancelled'] as const;
export type PledgeStatus = (typeof PledgeStatuses)[number];

/**
 * A redemption's life: `holding` (stock reserved, the points hold asked of the ledger) → `held`
 * (points held: the pickup code is good) → `fulfilling` → `fulfilled`; or `refused` (the ledger
 * would not hold the points), `cancelling` → `cancelled`, `expiring` → `expired`.
 */
export const RedemptionStatuses = [
  'holding',
  'held',
  'fulfilling',
  'fulfilled',
  'refused',
  'cancelling',
  'cancelled',
  'expiring',
  'expired',
] as const;
export type RedemptionStatus = (typeof RedemptionStatuses)[number];

export const RecommendationStatuses = ['pending', 'approved', 'paid', 'declined', 'failed'] as const;
export type RecommendationStatus = (typeof RecommendationStatuses)[number];

export const RecommendationTargets = ['fund', 'org'] as const;
export type RecommendationTarget = (typeof RecommendationTargets)[number];

/** The most one donation may be unless its fund sets a lower limit: ¥1,000,000. */
export const MAX_DONATION_FEN = 100_000_000;

/** The pickup code: eight digits, shown to the resident, typed or scanned by the business. */
export const PICKUP_CODE_PATTERN = /^\d{8}$/;

// ---------------------------------------------------------------- funds and cash

export class CreateFundDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  @Doc({ example: '阳光社区公益金' })
  name: string;

  @IsIn(['community', 'round_pool'])
  @Doc('`community` (a community fund) or `round_pool` (a grant round’s pool); donor-advised funds are opened with POST /daf')
  kind: 'community' | 'round_pool';

  @IsUUID()
  @Doc('The organisation that holds the fund and issues its receipts')
  orgId: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @IsOptional()
  @IsSafeInteger()
  @Min(100)
  @Max(MAX_DONATION_FEN)
  @Doc({ description: 'The most one donation may be, in fen', default: MAX_DONATION_FEN })
  maxDonation?: number;
}

export class OpenDafDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  @Doc({ example: '赵女士家庭公益基金' })
  name: string;

  @IsUUID()
  @Doc('The foundation that hosts the fund: its staff approve the grants the donor recommends')
  orgId: string;
}

export class FundView {
  id: string;
  kind: FundKind;
  name: string;
  description: string;
  orgId: string;
  @Doc('The holding organisation’s name')
  orgName: string;
  @Nullable()
  ownerId: string | null;
  @Doc('Fen, as the ledger has posted it')
  balance: number;
  @Doc('Fen given and confirmed, all time')
  received: number;
  donationCount: number;
  maxDonation: number;
  createdAt: string;
}

export class FundListView {
  items: FundView[];
}

export class CreateDonationDto {
  @IsUUID()
  fundId: string;

  @IsSafeInteger({ message: 'amount must be a whole number of fen' })
  @Min(1)
  @Doc({ description: 'Fen: ¥100.00 is 10000', example: 10000 })
  amount: number;

  @IsOptional()
  @IsBoolean()
  @Doc('Give the same amount every month until cancelled (the first gift is now)')
  recurring?: boolean;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  @Doc('A message for the fund, printed on the receipt')
  message?: string;
}

/** What the payment provider needs the donor's app to do next. */
export class PaymentInstructionView {
  @Doc({ example: 'sandbox' })
  provider: string;
  paymentId: string;
  @Doc('Fen to pay')
  amount: number;
  currency: 'CNY';
  @Doc('The sandbox confirms by itself within seconds; a real provider returns its own pay link or code')
  @Nullable()
  payUrl: string | null;
  expiresAt: string;
}

export class DonationView {
  id: string;
  fundId: string;
  fundName: string;
  donorId: string;
  amount: number;
  status: DonationStatus;
  @Nullable()
  recurringId: string | null;
  @Nullable()
  @Doc('Sequential per organisation and year, e.g. `2026-000042`; null until the payment is confirmed')
  receiptNumber: string | null;
  @Nullable()
  confirmedAt: string | null;
  @Doc('Whether the ledger has moved the money into the fund')
  posted: boolean;
  createdAt: string;
}

export class CreatedDonationView extends DonationView {
  payment: PaymentInstructionView;
}

/** A page of my donations (`limit`, `cursor`). */
export class MyDonationsQuery extends PageQuery {}

export class DonationPageView extends PageOf(DonationView) {}

export class RecurringDonationView {
  id: string;
  fundId: string;
  amount: number;
  status: 'active' | 'cancelled';
  nextChargeAt: string;
  createdAt: string;
}

/**
 * The body of `POST /payments/webhook`, signed by the provider: `X-GoodLoop-Timestamp` (Unix
 * seconds) and `X-GoodLoop-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`.
 */
export class PaymentWebhookDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  @Doc('The provider’s id of this event; the same event delivered again moves nothing')
  eventId: string;

  @IsIn(['payment.succeeded', 'payment.failed'])
  type: 'payment.succeeded' | 'payment.failed';

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  paymentId: string;

  @IsSafeInteger()
  @Min(1)
  amount: number;

  @IsIn(['CNY'])
  currency: 'CNY';

  @IsInstant()
  occurredAt: string;
}

export class WebhookResultView {
  donationId: string;
  status: DonationStatus;
  @Doc('This event had been applied before: nothing moved now')
  duplicate: boolean;
}

// ---------------------------------------------------------------- donor-advised funds

export class CreateRecommendationDto {
  @IsSafeInteger({ message: 'amount must be a whole number of fen' })
  @Min(1)
  amount: number;

  @IsIn(RecommendationTargets)
  @Doc('`fund`: a round’s pool (or another fund); `org`: an organisation, e.g. for its approved application')
  targetKind: RecommendationTarget;

  @IsUUID()
  targetId: string;

  @IsOptional()
  @IsString()
  @MaxLength(120)
  @Doc('The grant application it supports, when there is one')
  applicationRef?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class DeclineRecommendationDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class RecommendationView {
  id: string;
  fundId: string;
  fundName: string;
  amount: number;
  targetKind: RecommendationTarget;
  targetId: string;
  targetName: string;
  @Nullable()
  applicationRef: string | null;
  note: string;
  status: RecommendationStatus;
  @Nullable()
  reason: string | null;
  @Nullable()
  decidedAt: string | null;
  createdAt: string;
}

export class RecommendationListView {
  items: RecommendationView[];
}

export class DafView extends FundView {
  @Doc('Fen approved for grants and not yet moved by the ledger')
  committed: number;
  @Doc('Fen the donor may still recommend: balance less committed and pending recommendations')
  available: number;
  recommendations: RecommendationView[];
  donations: DonationView[];
}

// ---------------------------------------------------------------- pledges

export class CreatePledgeDto {
  @IsUUID()
  @Doc('The pledging business')
  orgId: string;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  @Doc({ example: '大米 5kg 装' })
  item: string;

  @IsIn(PledgeCategories)
  category: PledgeCategory;

  @IsSafeInteger()
  @Min(1)
  @Max(1_000_000)
  quantity: number;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  @Doc({ example: '袋' })
  unit: string;

  @IsSafeInteger({ message: 'unitValue must be a whole number of fen' })
  @Min(0)
  @Max(100_000_000)
  @Doc('Estimated value of one unit, in fen')
  unitValue: number;

  @IsDateString({ strict: true }, { message: 'expiresOn must be a date such as 2027-06-30' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'expiresOn must be a date such as 2027-06-30' })
  expiresOn: string;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  pickupPlace: string;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  @Doc({ example: '周一至周五 9:00–17:00' })
  pickupHours: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  conditions?: string;

  @IsOptional()
  @IsIn(ItemCategories)
  @Doc({ description: 'What the goods are, for matching them to community needs (GET /matching/catalogue)', example: 'rice_flour' })
  itemCategory?: ItemCategory;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  @Doc('Where the pickup place is (with pickupLng): matching measures distances from it')
  pickupLat?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  pickupLng?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(BeneficiaryGroups.length)
  @ArrayUnique()
  @IsIn(BeneficiaryGroups, { each: true })
  @Doc('The donor’s condition: only for needs that help these groups (none: anyone)')
  forBeneficiaries?: BeneficiaryGroup[];
}

export class ReceivePledgeDto {
  @IsSafeInteger()
  @Min(1)
  @Doc('The quantity inspected and taken in: the pledged quantity confirmed, or corrected')
  quantity: number;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class CancelDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class ListPledgesQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @IsOptional()
  @IsIn(PledgeStatuses)
  status?: PledgeStatus;
}

export class PledgeView {
  id: string;
  orgId: string;
  orgName: string;
  item: string;
  category: PledgeCategory;
  quantity: number;
  unit: string;
  unitValue: number;
  expiresOn: string;
  pickupPlace: string;
  pickupHours: string;
  conditions: string;
  @Nullable()
  itemCategory: ItemCategory | null;
  @Nullable()
  pickupLat: number | null;
  @Nullable()
  pickupLng: number | null;
  forBeneficiaries: BeneficiaryGroup[];
  status: PledgeStatus;
  @Nullable()
  receivedQuantity: number | null;
  @Doc('Received and not yet allocated')
  inStock: number;
  allocated: number;
  delivered: number;
  @Nullable()
  cancelReason: string | null;
  createdAt: string;
}

export class PledgePageView extends PageOf(PledgeView) {}

// ---------------------------------------------------------------- rewards

export class CreateRewardDto {
  @IsUUID()
  pledgeId: string;

  @IsSafeInteger({ message: 'pointsPrice must be a whole number of points' })
  @Min(1, { message: 'pointsPrice must be at least 1 point' })
  pointsPrice: number;

  @IsSafeInteger()
  @Min(1)
  @Doc('Units of the pledge’s stock offered as this reward')
  quantity: number;

  @IsSafeInteger()
  @Min(1)
  @Max(1000)
  @Doc('The most one resident may redeem of it')
  perResidentLimit: number;

  @IsOptional()
  @IsInstant()
  validFrom?: string;

  @IsOptional()
  @IsInstant()
  validTo?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(120)
  @Doc('The name residents see; the pledge’s item when left out')
  title?: string;
}

export class ListRewardsQuery extends PageQuery {
  @IsOptional()
  @IsIn(PledgeCategories)
  category?: PledgeCategory;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  @Doc('Part of the pickup place, e.g. 阳光社区')
  place?: string;

  @IsOptional()
  @IsUUID()
  orgId?: string;
}

export class RewardView {
  id: string;
  pledgeId: string;
  orgId: string;
  orgName: string;
  title: string;
  category: PledgeCategory;
  unit: string;
  pointsPrice: number;
  @Doc('Units offered in all')
  quantity: number;
  @Doc('Units left to redeem')
  available: number;
  perResidentLimit: number;
  validFrom: string;
  @Nullable()
  validTo: string | null;
  pickupPlace: string;
  pickupHours: string;
  conditions: string;
  @Doc('Fen, the pledge’s estimate per unit')
  unitValue: number;
  @Doc('Signed in: units the caller holds or has redeemed of it')
  @Nullable()
  myRedeemed: number | null;
}

export class RewardPageView extends PageOf(RewardView) {}

// ---------------------------------------------------------------- redemptions

export class CreateRedemptionDto {
  @IsUUID()
  rewardId: string;

  @IsOptional()
  @IsSafeInteger()
  @Min(1)
  @Max(1000)
  @Doc({ default: 1 })
  quantity?: number;
}

export class FulfilRedemptionDto {
  @Matches(PICKUP_CODE_PATTERN, { message: 'code must be the 8-digit pickup code' })
  code: string;
}

export class FulfilByCodeDto extends FulfilRedemptionDto {
  @IsUUID()
  @Doc('The business confirming the hand-over')
  orgId: string;
}

export class RedemptionView {
  id: string;
  rewardId: string;
  rewardTitle: string;
  orgId: string;
  orgName: string;
  quantity: number;
  points: number;
  status: RedemptionStatus;
  @Nullable()
  @Doc('Shown to the resident who redeemed, while the points are held; null to anyone else and after')
  pickupCode: string | null;
  @Nullable()
  expiresAt: string | null;
  pickupPlace: string;
  pickupHours: string;
  @Nullable()
  @Doc('Why the ledger refused to hold the points, e.g. INSUFFICIENT_FUNDS')
  refusal: string | null;
  @Nullable()
  fulfilledAt: string | null;
  createdAt: string;
  @Doc('For the business: the resident, anonymised (居民 + 4 characters)')
  resident: string;
}

export class RedemptionPageView extends PageOf(RedemptionView) {}

export class ListRedemptionsQuery extends PageQuery {
  @IsOptional()
  @IsIn(RedemptionStatuses)
  status?: RedemptionStatus;
}

// ---------------------------------------------------------------- impact

export class ImpactQuery {
  @IsOptional()
  @IsIn(['json', 'csv', 'pdf'])
  @Doc({ default: 'json' })
  format?: 'json' | 'csv' | 'pdf';
}

export class ImpactLineView {
  pledgeId: string;
  item: string;
  category: PledgeCategory;
  unit: string;
  unitValue: number;
  pledged: number;
  @Nullable()
  received: number | null;
  redeemed: number;
  matched: number;
  @Doc('Fen: units redeemed or matched × unit value')
  deliveredValue: number;
  status: PledgeStatus;
}

export class ImpactRecipientView {
  @Doc('Anonymised: 居民 + 4 characters, stable per resident and business')
  resident: string;
  item: string;
  quantity: number;
  at: string;
}

export class ImpactView {
  orgId: string;
  orgName: string;
  pledges: ImpactLineView[];
  recent: ImpactRecipientView[];
  totals: {
    pledgedValue: number;
    receivedValue: number;
    deliveredValue: number;
    redemptions: number;
    residents: number;
    pointsRedeemed: number;
  };
  generatedAt: string;
}

/** Query of GET /funds: every fund, or one organisation's, or one kind. */
export class ListFundsQuery {
  @IsOptional()
  @IsIn(FundKinds)
  kind?: FundKind;

  @IsOptional()
  @IsUUID()
  orgId?: string;
}
