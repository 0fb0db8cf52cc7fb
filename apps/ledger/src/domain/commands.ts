import { createHash } from 'node:crypto';
import { CLIENT_ID_PATTERN, type Asset, type TransferCode } from '@goodloop/contracts';
import { accountProfile, type AccountKind } from './account-keys';
import { LedgerRule, LedgerRuleError } from './ledger-rule.error';
import { canonicalTransferContent, validateTransfer, type TransferContent } from './transfer-rules';

/** The longest a hold may last: 90 days. A redemption waits days for its hand-over, not months. */
export const MAX_PENDING_TIMEOUT_SECONDS = 90 * 24 * 3600;
/** A linked batch is small: a redemption and its fee, a tranche split over a few funds. */
export const MAX_LINKED_TRANSFERS = 100;

export interface TransferReferences {
  sourceEvent?: string;
  requestedBy?: string;
  description?: string;
  /** The earn rule version that priced an earn, as `<programmeId>@v<version>`. */
  rule?: string;
}

/**
 * What the ledger can be asked to do. Every command carries its own id; applying the same
 * command again answers the first result, and another command under a used id is a conflict.
 *
 * - `transfer`: move `amount` now. `expiresAt` marks credited points that lapse (earns).
 * - `pending`: hold `amount` on the debit account for `timeoutSeconds`; spendable by nobody.
 * - `post`: settle a pending transfer, all of it or less (`amount`); the rest is released.
 * - `void`: release a pending transfer.
 * - `reverse`: move a posted transfer (or part of it) back, debit and credit swapped.
 */
export type LedgerCommand =
  | (TransferContent & { op: 'transfer'; expiresAt?: string })
  | (TransferContent & { op: 'pending'; timeoutSeconds: number })
  | { op: 'post'; transferId: string; pendingId: string; amount?: number; references?: TransferReferences }
  | { op: 'void'; transferId: string; pendingId: string; reason?: 'requested' | 'timeout'; references?: TransferReferences }
  | { op: 'reverse'; transferId: string; reversesId: string; amount?: number; references?: TransferReferences };

export type LedgerOp = LedgerCommand['op'];

/** Where a command came from, for the audit trail and for the events it causes. */
export interface CommandOrigin {
  /** `user:<id>`, `message:<envelopeId>`, `job:<name>`. */
  causedBy: string;
  correlationId: string;
  causationId?: string;
  /** Whether a refusal is also published as `ledger.transfer.rejected.v1` (Kafka requesters). */
  emitRejected?: boolean;
  /**
   * Whether a refusal takes the id for good (`transfer_refusals`): set for requesters who are
   * told "refused" (HTTP callers, Kafka requesters), so the id never posts afterwards. Not for
   * earns, expiry and timeouts, whose refusals are tried again later on purpose.
   */
  recordRefusal?: boolean;
}

/** A command as the posting engine (`ledger_apply`) reads it. */
export interface EngineCommand {
  id: string;
  op: LedgerOp;
  hash: string;
  debit?: string;
  credit?: string;
  asset?: Asset;
  amount?: number;
  code?: TransferCode;
  refs?: TransferReferences;
  timeoutSeconds?: number;
  expiresAt?: string;
  target?: string;
  voidReason?: 'requested' | 'timeout';
  group?: string;
  causedBy: string;
  msgId: string;
  correlationId: string;
  causationId?: string;
  emitRejected?: boolean;
  record?: boolean;
}

/** An account the engine creates when missing, with the flags its key implies. */
export interface EngineAccount {
  key: string;
  asset: Asset;
  kind: AccountKind;
  neg: boolean;
}

/**
 * The checks that need no database: well-formed ids, keys, amounts and timeouts. Throws the
 * first rule broken; the ledger then applies nothing.
 */
export function validateCommand(command: LedgerCommand): void {
  switch (command.op) {
    case 'transfer':
      validateTransfer(command);
      if (command.expiresAt !== undefined && Number.isNaN(Date.parse(command.expiresAt))) {
        throw new LedgerRuleError(LedgerRule.InvalidCommand, `expiresAt "${command.expiresAt}" is not a time`);
      }
      return;
    case 'pending':
      validateTransfer(command);
      if (
        !Number.isSafeInteger(command.timeoutSeconds) ||
        command.timeoutSeconds < 1 ||
        command.timeoutSeconds > MAX_PENDING_TIMEOUT_SECONDS
      ) {
        throw new LedgerRuleError(
          LedgerRule.InvalidTimeout,
          `timeoutSeconds must be a whole number from 1 to ${MAX_PENDING_TIMEOUT_SECONDS}, got ${String(command.timeoutSeconds)}`,
        );
      }
      return;
    case 'post':
    case 'void':
    case 'reverse': {
      assertId('transferId', command.transferId);
      assertId(command.op === 'reverse' ? 'reversesId' : 'pendingId', targetOf(command));
      const amount = command.op === 'void' ? undefined : command.amount;
      if (amount !== undefined && (!Number.isSafeInteger(amount) || amount <= 0)) {
        throw new LedgerRuleError(
          LedgerRule.InvalidAmount,
          `amount must be a safe integer greater than 0, got ${String(amount)}`,
        );
      }
      return;
    }
  }
}

/** Checks a linked batch: 2 to 100 commands with distinct ids. */
export function validateLinked(commands: readonly LedgerCommand[]): void {
  if (commands.length < 2 || commands.length > MAX_LINKED_TRANSFERS) {
    throw new LedgerRuleError(
      LedgerRule.InvalidLinkedBatch,
      `a linked batch holds 2 to ${MAX_LINKED_TRANSFERS} transfers, got ${commands.length}`,
    );
  }
  const ids = new Set(commands.map((c) => c.transferId));
  if (ids.size !== commands.length) {
    throw new LedgerRuleError(LedgerRule.InvalidLinkedBatch, 'the transfers of a linked batch need distinct ids');
  }
  commands.forEach(validateCommand);
}

function targetOf(command: Extract<LedgerCommand, { op: 'post' | 'void' | 'reverse' }>): string {
  return command.op === 'reverse' ? command.reversesId : command.pendingId;
}

function assertId(field: string, id: string): void {
  if (typeof id !== 'string' || !CLIENT_ID_PATTERN.test(id)) {
    throw new LedgerRuleError(LedgerRule.InvalidTransferId, `${field} "${String(id)}" must match ${String(CLIENT_ID_PATTERN)}`);
  }
}

/**
 * The canonical text of a command, whose hash tells a retry from another command under the same
 * id. A plain transfer keeps the text it had before commands had an `op`, so transfers stored
 * then still replay. References and origin are left out: a retry comes from a new message.
 *
 * Examples: a hold of 30 points → `{"amount":"30",…,"op":"pending",…}`; posting 20 of it →
 * `{"amount":"20","op":"post","pendingId":"hold-1","transferId":"hold-1:post"}`.
 */
export function canonicalCommand(command: LedgerCommand): string {
  switch (command.op) {
    case 'transfer':
      return canonicalTransferContent(command);
    case 'pending':
      return sortedJson({ ...JSON.parse(canonicalTransferContent(command)), op: 'pending' });
    case 'post':
      return sortedJson({
        op: 'post',
        transferId: command.transferId,
        pendingId: command.pendingId,
        amount: optional(command.amount),
      });
    case 'void':
      return sortedJson({ op: 'void', transferId: command.transferId, pendingId: command.pendingId });
    case 'reverse':
      return sortedJson({
        op: 'reverse',
        transferId: command.transferId,
        reversesId: command.reversesId,
        amount: optional(command.amount),
      });
  }
}

export function commandHash(command: LedgerCommand): string {
  return createHash('sha256').update(canonicalCommand(command), 'utf8').digest('hex');
}

function optional(amount: number | undefined): string | undefined {
  return amount === undefined ? undefined : String(amount);
}

function sortedJson(fields: Record<string, string | undefined>): string {
  const keys = Object.keys(fields)
    .filter((k) => fields[k] !== undefined)
    .sort();
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, fields[k]])));
}

/**
 * The engine's form of a command. `msgId` is the id the event it causes will carry (a UUIDv7
 * chosen here, so the database needs no UUID version 7 of its own).
 */
export function toEngineCommand(command: LedgerCommand, origin: CommandOrigin, msgId: string, group?: string): EngineCommand {
  const base = {
    id: command.transferId,
    op: command.op,
    hash: commandHash(command),
    ...(command.references && Object.keys(command.references).length > 0 ? { refs: command.references } : {}),
    ...(group ? { group } : {}),
    causedBy: origin.causedBy,
    msgId,
    correlationId: origin.correlationId,
    ...(origin.causationId ? { causationId: origin.causationId } : {}),
    ...(origin.emitRejected ? { emitRejected: true } : {}),
    ...(origin.recordRefusal ? { record: true } : {}),
  };
  switch (command.op) {
    case 'transfer':
    case 'pending':
      return {
        ...base,
        debit: command.debitAccount,
        credit: command.creditAccount,
        asset: command.asset,
        amount: command.amount,
        code: command.code,
        ...(command.op === 'pending' ? { timeoutSeconds: command.timeoutSeconds } : {}),
        ...(command.op === 'transfer' && command.expiresAt ? { expiresAt: command.expiresAt } : {}),
      };
    case 'post':
      return { ...base, target: command.pendingId, ...(command.amount !== undefined ? { amount: command.amount } : {}) };
    case 'void':
      return { ...base, target: command.pendingId, voidReason: command.reason ?? 'requested' };
    case 'reverse':
      return { ...base, target: command.reversesId, ...(command.amount !== undefined ? { amount: command.amount } : {}) };
  }
}

/** The accounts a set of commands names by key, once each, with their flags. */
export function engineAccounts(commands: readonly LedgerCommand[]): EngineAccount[] {
  const out = new Map<string, EngineAccount>();
  for (const command of commands) {
    if (command.op !== 'transfer' && command.op !== 'pending') continue;
    for (const key of [command.debitAccount, command.creditAccount]) {
      const id = `${key}\u0000${command.asset}`;
      if (out.has(id)) continue;
      const profile = accountProfile(key);
      out.set(id, { key, asset: command.asset, kind: profile.kind, neg: profile.allowNegative });
    }
  }
  return [...out.values()];
}
