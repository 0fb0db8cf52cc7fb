import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  IsTimeZone,
} from 'class-validator';
import { Assets, TransferCodes, type Asset, type TransferCode } from '../enums';
import { MAX_PAGE_SIZE } from '../http/page.v1';
import { Doc, Nullable, PageOf } from '../http/shape';
import { CLIENT_ID_PATTERN, IsSafeInteger } from '../validators';
import { LinkedTransferV1, TransferReferencesV1 } from './transfer-messages.v1';

/*
 * The ledger's public HTTP shapes (docs/api.md, "Wallet" and "Ledger"): the queries and bodies
 * it validates and the views it answers. Amounts are safe integers (whole points, or fen);
 * counters that can outgrow them (a chain's sequence, a drift's totals) travel as strings.
 */

export const EntryDirections = ['in', 'out'] as const;
export type EntryDirection = (typeof EntryDirections)[number];
export const TransferStatuses = ['pending', 'posted', 'voided'] as const;
export type TransferStatus = (typeof TransferStatuses)[number];
export const TransferOps = ['transfer', 'pending', 'post', 'void', 'reverse'] as const;
export type TransferOp = (typeof TransferOps)[number];
export const ReconciliationStatuses = ['ok', 'drift', 'not_run'] as const;
export type ReconciliationStatus = (typeof ReconciliationStatuses)[number];
export const DriftFields = ['balance', 'pending', 'entries', 'transfer_sum'] as const;
export type DriftField = (typeof DriftFields)[number];

const TRANSFER_ID_MESSAGE = 'transferId may hold letters, digits and :_-. (at most 128)';

// ---------------------------------------------------------------- requests

export class WalletQuery {
  @IsOptional()
  @IsIn(Assets)
  @Doc({ default: 'POINTS' })
  asset?: Asset;
}

/** Which statement lines to show (or export). `to` before `from` is refused as INVALID_RANGE. */
export class WalletEntriesFilter extends WalletQuery {
  @IsOptional()
  @IsIn(TransferCodes)
  @Doc('Only lines of transfers with this code')
  code?: TransferCode;

  @IsOptional()
  @IsIn(EntryDirections)
  @Doc('`in`: credits (amount > 0); `out`: debits')
  direction?: EntryDirection;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time' })
  @Doc('Lines at or after this time')
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time' })
  @Doc('Lines before this time, not before `from`')
  to?: string;
}

export const STATEMENT_CSV_FORMATS = ['readable', 'machine'] as const;
export type StatementCsvFormat = (typeof STATEMENT_CSV_FORMATS)[number];

/**
 * The statement as a file: `readable` (the default) for the person whose statement it is —
 * headers in the caller's language (`Accept-Language`), times in `timeZone`, kinds and
 * descriptions a person understands, no internal ids; `machine` for staff and programs — the
 * lines as the API has them (ids, UTC, codes, what caused each).
 */
export class WalletCsvQuery extends WalletEntriesFilter {
  @IsOptional()
  @IsIn(STATEMENT_CSV_FORMATS)
  @Doc({ description: '`readable` (default) or `machine`', default: 'readable' })
  format?: StatementCsvFormat;

  @IsOptional()
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Asia/Shanghai' })
  @Doc({ description: 'The time zone of a readable file’s times', default: 'Asia/Shanghai', example: 'Asia/Shanghai' })
  timeZone?: string;
}

/** The statement's filters and a page (`limit`, `cursor`), as PageQuery has them. */
export class WalletEntriesQuery extends WalletEntriesFilter {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  @Doc({ default: 20 })
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(400)
  @Doc('Opaque: the `nextCursor` of the previous page')
  cursor?: string;
}

export class WalletBalanceAtQuery extends WalletQuery {
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 date or time' })
  @Doc('The moment to read the balance at')
  at: string;
}

/**
 * `POST /ledger/transfers`: one transfer by hand, held instead of moved when `pending` is given.
 * The fields and rules of a transfer in `ledger.transfer.request.v1`, so the doors cannot drift.
 */
export class CreateTransferDto extends LinkedTransferV1 {}

/** `POST /ledger/transfers/:id/void`: the voiding transfer's own id, and why. */
export class VoidTransferDto {
  @Matches(CLIENT_ID_PATTERN, { message: TRANSFER_ID_MESSAGE })
  @Doc({ description: 'Id of the new transfer, chosen by the caller', example: 'void:redeem:2026-001' })
  transferId: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TransferReferencesV1)
  references?: TransferReferencesV1;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Doc('Why, in words: shorthand for `references.description`')
  description?: string;
}

/** `POST /ledger/transfers/:id/post` and `/reverse`: as void, with an optional part (all of it when absent). */
export class SettleTransferDto extends VoidTransferDto {
  @IsOptional()
  @IsSafeInteger()
  @Min(1)
  @Doc('Part of the amount; the whole of it when left out')
  amount?: number;
}

/** Fixed bonus points per verified attendance, by activity category (0 to 1,000 each). */
export class CategoryBonusDto {
  @IsOptional() @IsInt() @Min(0) @Max(1000) charity?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) relief?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) funeral?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) disability?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) children?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) elderly?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) social_work?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) community?: number;
}

/**
 * `POST /programmes/:id/earn-rules`: the next version of the rule. Absent fields mean "none"
 * (no fixed rate: the activity's; no bonus; no cap; points keep).
 */
export class CreateEarnRuleDto {
  @IsOptional()
  @IsISO8601({ strict: true })
  @Doc('When the version starts to apply; now when left out. Never in the past.')
  effectiveFrom?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  @Doc("Points per verified hour; the activity's own rate when left out")
  pointsPerHour?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  @Doc('Most points per hour an activity of the programme may advertise; up to 1,000 when left out')
  maxPointsPerHour?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1440)
  @Doc('A correction raising an attendance by more than this many minutes needs a second manager; 60 when left out')
  raiseApprovalMinutes?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CategoryBonusDto)
  categoryBonus?: CategoryBonusDto;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  @Doc('Most points one resident earns in one day')
  dailyCap?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  @Doc('Most points one resident earns in one month')
  monthlyCap?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3660)
  @Doc('Days until earned points expire; they keep when left out')
  lifetimeDays?: number;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Doc({ description: 'The IANA time zone the caps count days and months in', example: 'Asia/Shanghai' })
  timeZone?: string;
}

// ---------------------------------------------------------------- views

export class ExpiryView {
  @IsISO8601() expiresAt: string;
  @IsSafeInteger() @Doc('Points that lapse at that time unless spent first') amount: number;
}

/** `GET /me/wallet`: what the resident has. */
export class WalletView {
  @Nullable() @IsString() @Doc('null until the first transfer') accountId: string | null;
  @IsIn(Assets) asset: Asset;
  @IsSafeInteger() @Doc('Posted: credits − debits (whole points, or fen)') balance: number;
  @IsSafeInteger() @Doc('Held by pending transfers out of the wallet') pending: number;
  @IsSafeInteger() @Doc('balance − pending: what can be spent now') available: number;
  @ValidateNested({ each: true })
  @Type(() => ExpiryView)
  @Doc('Upcoming expiries, soonest first')
  expiringSoon: ExpiryView[];
  @Nullable()
  @ValidateNested()
  @Type(() => ExpiryView)
  @Doc('The next expiry, or null when nothing expires')
  nextExpiry: ExpiryView | null;
}

/** One line of the statement. */
export class WalletEntryView {
  @IsString() id: string;
  @IsString() transferId: string;
  @IsSafeInteger() @Doc('Signed: credits positive, debits negative') amount: number;
  @IsSafeInteger() balanceAfter: number;
  @IsIn(TransferCodes) code: TransferCode;
  @Nullable() @IsString() description: string | null;
  @IsString() @Doc('Who or what asked for the transfer: `user:<id>`, `message:<envelopeId>`, `job:<name>`') causedBy: string;
  @IsString() @Doc('The account key on the other side of the transfer') counterparty: string;
  @IsISO8601() createdAt: string;
}

export class WalletEntryPageView extends PageOf(WalletEntryView) {}

export class WalletBalanceAtView {
  @IsIn(Assets) asset: Asset;
  @IsISO8601() at: string;
  @IsSafeInteger() @Doc('Posted balance at that moment') balance: number;
}

export class TrialBalanceAssetView {
  @IsIn(Assets) asset: Asset;
  @IsInt() @Doc('How many accounts hold the asset') accounts: number;
  @IsSafeInteger() @Doc('Total of the debit entries, as a positive number') debits: number;
  @IsSafeInteger() @Doc('Total of the credit entries') credits: number;
  @IsSafeInteger() @Doc('credits − debits: always 0 in a sound ledger') sum: number;
  @IsBoolean() @Doc('The entries sum to zero and the accounts’ totals agree with them') balanced: boolean;
}

export class TrialBalanceView {
  @ValidateNested({ each: true }) @Type(() => TrialBalanceAssetView) assets: TrialBalanceAssetView[];
}

/**
 * A figure that disagrees with the history it must follow from. Per account: `balance`:
 * `stored` and `recomputed` are signed balances (`"120"`, `"100"`); `pending`: each is
 * `"<held out>/<held in>"` (`"30/0"`), the pending debits and credits. Per transfer (with
 * `transferId`): `entries`: the signed amount the account's entries of that transfer add up to
 * (`stored`, `"0"` when it has none) against what the transfer moves for that account
 * (`recomputed`, `"0"` for an entry the transfer does not explain, or no transfer at all);
 * `transfer_sum`: what the transfer's entries in that asset add up to, against `"0"`.
 */
export class ReconciliationDriftView {
  @IsString() @Doc({ example: 'user:0190a4a0-0000-7000-8000-000000000001' }) accountKey: string;
  @IsIn(Assets) asset: Asset;
  @IsIn(DriftFields) field: DriftField;
  @IsString() @Doc('What the account row (or the entries) store') stored: string;
  @IsString() @Doc('What its entries, holds or transfer say it must be') recomputed: string;
  @IsOptional() @IsString() @Doc('For `entries` and `transfer_sum`: the transfer concerned') transferId?: string;
}

export class ReconciliationView {
  @IsIn(ReconciliationStatuses) status: ReconciliationStatus;
  @Nullable() @IsISO8601() checkedAt: string | null;
  @IsInt() accountsChecked: number;
  @ValidateNested({ each: true }) @Type(() => ReconciliationDriftView) drifts: ReconciliationDriftView[];
}

export class ChainHeadView {
  @IsString() @Doc('Sequence number, as a string (it may outgrow a safe integer)') seq: string;
  @IsString() hash: string;
}

export class ChainBreakView {
  @IsString() seq: string;
  @IsString() transferId: string;
  @IsString() reason: string;
}

export class ChainVerificationView {
  @IsBoolean() @Doc('Every link’s hash matches its content and its predecessor') valid: boolean;
  @IsInt() @Doc('Links checked') length: number;
  @Nullable() @ValidateNested() @Type(() => ChainHeadView) head: ChainHeadView | null;
  @Nullable() @ValidateNested() @Type(() => ChainBreakView) @Doc('The first broken link') brokenAt: ChainBreakView | null;
  @IsISO8601() verifiedAt: string;
}

/** The answer to a transfer command, the same for its first run and for every replay (but `replayed`). */
export class TransferResultView {
  @IsString() transferId: string;
  @IsIn(TransferOps) op: TransferOp;
  @IsIn(TransferStatuses) status: TransferStatus;
  @IsBoolean() @Doc('true when this id was already applied with the same content') replayed: boolean;
  @IsISO8601() postedAt: string;
  @IsString() debitAccount: string;
  @IsString() creditAccount: string;
  @IsIn(Assets) asset: Asset;
  @IsSafeInteger() amount: number;
  @IsIn(TransferCodes) code: TransferCode;
  @IsOptional() @IsString() @Doc('The pending transfer this one posts or voids') pendingId?: string;
  @IsOptional() @IsString() @Doc('The transfer this one reverses') reversesId?: string;
  @IsOptional() @IsISO8601() @Doc('When a pending transfer voids itself') timeoutAt?: string;
  @IsOptional() @IsISO8601() @Doc('When credited points lapse') expiresAt?: string;
  @IsOptional() @IsString() @Doc('The id shared by a linked batch') linkedGroup?: string;
}

/** One version of a programme's earn rule. */
export class EarnRuleView {
  @IsString() programmeId: string;
  @IsInt() version: number;
  @IsISO8601() effectiveFrom: string;
  @Nullable() @IsInt() @Doc("null: the activity's own rate") pointsPerHour: number | null;
  @Nullable() @IsInt() @Doc('Most points per hour an activity may advertise; null: up to 1,000') maxPointsPerHour: number | null;
  @Nullable() @IsInt() @Doc('Raise (minutes) above which a second manager approves; null: 60') raiseApprovalMinutes:
    number | null;
  @IsObject() @Doc('Fixed points per verified attendance, by activity category') categoryBonus: Partial<Record<string, number>>;
  @Nullable() @IsInt() dailyCap: number | null;
  @Nullable() @IsInt() monthlyCap: number | null;
  @Nullable() @IsInt() lifetimeDays: number | null;
  @IsString() timeZone: string;
  @IsString() createdBy: string;
  @IsISO8601() createdAt: string;
}

export class EarnRuleListView {
  @ValidateNested({ each: true }) @Type(() => EarnRuleView) items: EarnRuleView[];
}
