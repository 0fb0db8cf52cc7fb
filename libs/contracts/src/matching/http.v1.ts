import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../http/page.v1';
import { Doc, IsInstant, Nullable, PageOf, Trim } from '../http/shape';
import { IsSafeInteger } from '../validators';
import { BeneficiaryGroups, ItemCategories, Skills, type BeneficiaryGroup } from './catalogue';

export * from './catalogue';

/*
 * The matching service's public HTTP shapes (docs/api.md, "Matching"): community needs, the
 * offers it knows of, matching runs and the matches they propose. Rules across fields (a skill
 * need's category is a skill, its window ends after it starts) are the service's own checks.
 */

export const NeedKinds = ['item', 'skill'] as const;
export type NeedKind = (typeof NeedKinds)[number];

/** `open` (partly met or not at all), `met` (fully), `closed` by its organizer, `expired` (deadline passed). */
export const NeedStatuses = ['open', 'met', 'closed', 'expired'] as const;
export type NeedStatus = (typeof NeedStatuses)[number];

/**
 * A proposal's life: `proposed` (each side still to answer) → `accepted` (both sides; for stock,
 * donations is asked to allocate it) → `allocated` (stock set aside for the need) or `short`
 * (less stock was left than agreed; `allocated` says how much); `declined` by either side (its
 * quantity is free for the next run); `superseded` (a later run replaced a proposal nobody had answered).
 */
export const MatchStatuses = ['proposed', 'accepted', 'allocated', 'short', 'declined', 'superseded'] as const;
export type MatchStatus = (typeof MatchStatuses)[number];

export const MatchSideAnswers = ['pending', 'accepted', 'declined'] as const;
export type MatchSideAnswer = (typeof MatchSideAnswers)[number];

export const RunStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type RunStatus = (typeof RunStatuses)[number];

/** Every category a need may name: an item category for item needs, a skill for skill needs. */
export const NeedCategories = [...ItemCategories, ...Skills] as const;

export const NEED_TITLE_MAX_LENGTH = 120;
export const NEED_DESCRIPTION_MAX_LENGTH = 2000;
export const NEED_QUANTITY_MAX = 100_000;

export class CreateNeedDto {
  @IsUUID()
  @Doc('The community or organisation posting the need (its organizer)')
  orgId: string;

  @IsIn(NeedKinds)
  @Doc('`item`: goods, quantity in units; `skill`: volunteers, quantity in people')
  kind: NeedKind;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(NEED_TITLE_MAX_LENGTH)
  @Doc({ example: '独居老人冬季粮油' })
  title: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(NEED_DESCRIPTION_MAX_LENGTH)
  description?: string;

  @IsIn(NeedCategories, { message: 'category must be a known item category (for item needs) or skill (for skill needs)' })
  @Doc({ description: 'An item category or a skill (GET /matching/catalogue)', example: 'rice_flour' })
  category: string;

  @IsSafeInteger({ message: 'quantity must be a whole number' })
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(NEED_QUANTITY_MAX)
  quantity: number;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(20)
  @Doc({ description: 'Item needs: the unit of quantity', example: '袋' })
  unit?: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  @Doc({ example: 30.6598 })
  lat: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  @Doc({ example: 104.0657 })
  lng: number;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Doc({ example: '阳光社区 3 栋 1 单元' })
  address: string;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  @Doc({ description: 'The neighbourhood the need is in (fairness across neighbourhoods)', example: '阳光社区' })
  neighbourhood: string;

  @IsInstant()
  @Doc('Until when the need can be met; must be in the future')
  deadline: string;

  @IsInt()
  @Min(1)
  @Max(5)
  @Doc('1 (can wait) to 5 (urgent)')
  urgency: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BeneficiaryGroups.length)
  @ArrayUnique()
  @IsIn(BeneficiaryGroups, { each: true })
  beneficiaries: BeneficiaryGroup[];

  @IsOptional()
  @IsInstant()
  @Doc('Skill needs: when the volunteers are needed (required for skill needs)')
  windowStart?: string;

  @IsOptional()
  @IsInstant()
  windowEnd?: string;
}

export class CloseNeedDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class ListNeedsQuery extends PageQuery {
  @IsOptional()
  @IsIn(NeedCategories)
  category?: string;

  @IsOptional()
  @IsIn(NeedKinds)
  kind?: NeedKind;

  @IsOptional()
  @IsIn(NeedStatuses)
  status?: NeedStatus;

  @IsOptional()
  @Matches(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?,\d{1,3}(\.\d+)?$/, {
    message: 'near must be "lat,lng,km", e.g. 30.66,104.06,3',
  })
  @Doc({ description: 'Only needs within km of a point, nearest first: `lat,lng,km`', example: '30.66,104.06,3' })
  near?: string;

  @IsOptional()
  @IsUUID()
  orgId?: string;
}

export class PlaceOfNeedView {
  @IsNumber() lat: number;
  @IsNumber() lng: number;
  @IsString() address: string;
  @IsString() neighbourhood: string;
}

export class NeedView {
  @IsUUID() id: string;
  @IsUUID() orgId: string;
  @IsString() orgName: string;
  @IsIn(NeedKinds) kind: NeedKind;
  @IsString() title: string;
  @IsString() description: string;
  @IsString() category: string;
  @IsInt() quantity: number;
  @IsString() unit: string;
  @IsInt() @Doc('Given through accepted matches') met: number;
  @IsInt() @Doc('In proposals not answered yet') proposed: number;
  @IsInt() @Doc('quantity − met: what a run may still propose (open needs)') remaining: number;
  @ValidateNested() @Type(() => PlaceOfNeedView) place: PlaceOfNeedView;
  @IsInstant() deadline: string;
  @IsInt() urgency: number;
  @IsArray() beneficiaries: BeneficiaryGroup[];
  @Nullable() @IsInstant() windowStart: string | null;
  @Nullable() @IsInstant() windowEnd: string | null;
  @IsIn(NeedStatuses) status: NeedStatus;
  @Nullable() @IsString() closedReason: string | null;
  @IsOptional() @IsNumber() @Doc('With `near`: kilometres from the point') distanceKm?: number;
  @IsInstant() createdAt: string;
}

export class NeedPageView extends PageOf(NeedView) {}

export class ListOffersQuery extends PageQuery {
  @IsOptional()
  @IsIn(NeedKinds)
  kind?: NeedKind;

  @IsOptional()
  @IsIn(NeedCategories)
  category?: string;
}

/** What can be given: stock from donations (kind `item`) or a volunteer's skills (kind `skill`). */
export class OfferView {
  @IsString() @Doc('The pledge id (items) or an anonymous handle of the volunteer (skills)') id: string;
  @IsIn(NeedKinds) kind: NeedKind;
  @IsArray() @Doc('The item category, or the volunteer’s skills') categories: string[];
  @IsString() label: string;
  @Nullable() @IsUUID() @Doc('The pledging business (items)') orgId: string | null;
  @IsString() orgName: string;
  @IsInt() @Doc('Units free to match (stock not allocated, not in an open proposal); a volunteer counts 1') available: number;
  @IsString() unit: string;
  @Nullable() @IsNumber() lat: number | null;
  @Nullable() @IsNumber() lng: number | null;
  @IsString() place: string;
  @Nullable() @IsString() expiresOn: string | null;
  @IsArray() @Doc('Donor’s condition: only for these groups (empty: anyone)') forBeneficiaries: BeneficiaryGroup[];
  @IsString() conditions: string;
  @IsOptional() @IsInt() starLevel?: number;
  @IsInstant() updatedAt: string;
}

export class OfferPageView extends PageOf(OfferView) {}

export class StartRunDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  @Doc({ description: 'How far apart an offer and a need may be, in km', default: 10 })
  maxDistanceKm?: number;
}

export class RunStartedView {
  @IsUUID() runId: string;
}

export class RunTotalsView {
  @IsInt() needs: number;
  @IsInt() offers: number;
  @IsInt() candidates: number;
  @IsInt() matches: number;
  @IsInt() units: number;
  @IsSafeInteger() value: number;
  @IsInt() needsServed: number;
  @IsInt() needsFully: number;
  @IsInt() @Doc('Milliseconds spent solving') solveMs: number;
}

export class RunComparisonView {
  @IsUUID() runId: string;
  @IsSafeInteger() value: number;
  @IsInt() units: number;
  @IsInt() matches: number;
  @IsSafeInteger() @Doc('This run’s value minus the previous run’s') valueDelta: number;
}

export class RunView {
  @IsUUID() id: string;
  @IsIn(RunStatuses) status: RunStatus;
  @IsIn(['manual', 'schedule']) trigger: 'manual' | 'schedule';
  @Nullable() @IsUUID() startedBy: string | null;
  @IsInt() @Doc('0–100') progress: number;
  @IsString() @Doc('What the run is doing: queued, loading, solving, saving, done') stage: string;
  @IsInt() maxDistanceKm: number;
  @Nullable() @ValidateNested() @Type(() => RunTotalsView) totals: RunTotalsView | null;
  @Nullable() @ValidateNested() @Type(() => RunComparisonView) previous: RunComparisonView | null;
  @Nullable() @IsString() error: string | null;
  @IsInstant() createdAt: string;
  @Nullable() @IsInstant() finishedAt: string | null;
}

export class RunPageView extends PageOf(RunView) {}

export class ScorePartsView {
  @IsInt() @Doc('From the need’s urgency') urgency: number;
  @IsInt() @Doc('Closer is better') distance: number;
  @IsInt() @Doc('Stock that spoils sooner is used first') expiry: number;
  @IsInt() @Doc('Neighbourhoods served less recently come first') fairness: number;
  @IsInt() @Doc('A skill an organizer has confirmed') skill: number;
}

export class MatchView {
  @IsUUID() id: string;
  @IsUUID() runId: string;
  @IsIn(NeedKinds) kind: NeedKind;
  @IsUUID() needId: string;
  @IsString() needTitle: string;
  @IsUUID() needOrgId: string;
  @IsString() needNeighbourhood: string;
  @IsString() offerId: string;
  @IsString() offerLabel: string;
  @Nullable() @IsUUID() offerOrgId: string | null;
  @IsString() category: string;
  @IsInt() quantity: number;
  @IsString() unit: string;
  @IsInt() @Doc('Per unit: the sum of the parts') score: number;
  @IsSafeInteger() @Doc('score × quantity') value: number;
  @ValidateNested() @Type(() => ScorePartsView) parts: ScorePartsView;
  @IsNumber() distanceKm: number;
  @IsIn(MatchStatuses) status: MatchStatus;
  @IsIn(MatchSideAnswers) needSide: MatchSideAnswer;
  @IsIn(MatchSideAnswers) offerSide: MatchSideAnswer;
  @Nullable() @IsString() declineReason: string | null;
  @Nullable() @IsInt() @Doc('Stock donations set aside (item matches, once answered)') allocated: number | null;
  @IsOptional() @IsIn(['need', 'offer', 'both']) @Doc('Which side the caller answers for') mySide?: 'need' | 'offer' | 'both';
  @IsInstant() createdAt: string;
  @Nullable() @IsInstant() decidedAt: string | null;
}

export class MatchPageView extends PageOf(MatchView) {}

export class ListMatchesQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  @Doc('A run’s matches (staff); without it, the matches the caller answers for')
  runId?: string;

  @IsOptional()
  @IsUUID()
  needId?: string;

  @IsOptional()
  @IsIn(MatchStatuses)
  status?: MatchStatus;
}

export class DeclineMatchDto {
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class CatalogueView {
  @IsArray() itemCategories: { code: string; name: { 'zh-CN': string; en: string } }[];
  @IsArray() skills: { code: string; name: { 'zh-CN': string; en: string } }[];
  @IsArray() beneficiaries: { code: string; name: { 'zh-CN': string; en: string } }[];
}
