import { IsArray, IsIn, IsISO8601, IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { BeneficiaryGroups, ItemCategories, type BeneficiaryGroup, type ItemCategory } from '../matching/catalogue';
import { IsSafeInteger } from '../validators';
import { FundKinds, PledgeCategories, PledgeStatuses, type FundKind, type PledgeCategory, type PledgeStatus } from './http.v1';

/** `donations.donation.received.v1` — key: fundId. A cash donation's payment was confirmed. */
export class DonationReceivedV1 {
  @IsUUID()
  donationId: string;

  @IsUUID()
  fundId: string;

  @IsIn(FundKinds)
  fundKind: FundKind;

  @IsUUID()
  orgId: string;

  @IsUUID()
  donorId: string;

  @IsSafeInteger()
  @Min(1)
  amount: number;

  @Matches(/^\d{4}-\d{6,}$/)
  receiptNumber: string;

  @IsISO8601({ strict: true })
  confirmedAt: string;
}

/**
 * `donations.stock.changed.v1` — key: pledgeId. What a pledge has in stock now: what the
 * matching service offers. Sent when a pledge is received, allocated, delivered or cancelled.
 */
export class StockChangedV1 {
  @IsUUID()
  pledgeId: string;

  @IsUUID()
  orgId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  item: string;

  @IsIn(PledgeCategories)
  category: PledgeCategory;

  @IsString()
  @MaxLength(20)
  unit: string;

  @IsSafeInteger()
  @Min(0)
  unitValue: number;

  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  expiresOn: string;

  @IsString()
  @MaxLength(200)
  pickupPlace: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  conditions?: string;

  @IsOptional()
  @IsIn(ItemCategories)
  itemCategory?: ItemCategory;

  @IsOptional()
  @IsNumber()
  @Min(-90)
  @Max(90)
  pickupLat?: number;

  @IsOptional()
  @IsNumber()
  @Min(-180)
  @Max(180)
  pickupLng?: number;

  @IsOptional()
  @IsArray()
  @IsIn(BeneficiaryGroups, { each: true })
  forBeneficiaries?: BeneficiaryGroup[];

  @IsIn(PledgeStatuses)
  status: PledgeStatus;

  /** Received and not allocated: what can still be offered. */
  @IsSafeInteger()
  @Min(0)
  inStock: number;

  @IsSafeInteger()
  @Min(0)
  allocated: number;

  @IsSafeInteger()
  @Min(0)
  delivered: number;

  @IsISO8601({ strict: true })
  changedAt: string;
}

/** `donations.redemption.fulfilled.v1` — key: rewardId. A business handed a reward over. */
export class RedemptionFulfilledV1 {
  @IsUUID()
  redemptionId: string;

  @IsUUID()
  rewardId: string;

  @IsUUID()
  pledgeId: string;

  @IsUUID()
  orgId: string;

  @IsUUID()
  residentId: string;

  @IsSafeInteger()
  @Min(1)
  quantity: number;

  @IsSafeInteger()
  @Min(1)
  points: number;

  @IsISO8601({ strict: true })
  fulfilledAt: string;
}
