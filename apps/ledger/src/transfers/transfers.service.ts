import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  LedgerRule,
  LedgerRuleError,
  validateCommand,
  validateLinked,
  type CommandOrigin,
  type LedgerCommand,
  type TransferContent,
  type TransferReferences,
} from '../domain';
import { LedgerEngine } from './ledger-engine';
import { isRejection, toTransferError, toTransferResult, type EngineResult, type TransferResult } from './transfer-result';
import { TransferError } from './transfers.errors';

export type { TransferResult } from './transfer-result';

/** A transfer request: posted now, or held when `pending` is given. */
export type TransferRequest = TransferContent & { pending?: { timeoutSeconds: number }; expiresAt?: string };

export interface SettleRequest {
  transferId: string;
  amount?: number;
  references?: TransferReferences;
}

/** Origin of a request that has none of its own: the ledger itself. */
const LEDGER_ORIGIN: CommandOrigin = { causedBy: 'ledger', correlationId: '' };

/**
 * The ledger's operations as the HTTP routes, the consumers and the jobs use them. Every one
 * goes through the posting engine, so all get the same idempotency, locking and rules; the
 * checks that need no database run here first, and a command that fails them never reaches it.
 */
@Injectable()
export class TransfersService {
  constructor(
    private readonly engine: LedgerEngine,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Posts `request` once (or holds it, with `pending`). The same id and content again answer the
   * first result with `replayed: true`; the same id with other content is TRANSFER_ID_CONFLICT.
   * A transfer refused by a ledger rule changes nothing else, but takes its id for good: the same
   * request again gets the same refusal, another under the id TRANSFER_ID_CONFLICT.
   */
  async transfer(request: TransferRequest, origin: CommandOrigin = LEDGER_ORIGIN): Promise<TransferResult> {
    return this.one(commandOf(request), origin);
  }

  /** Posts all of `requests` or none: the first refusal refuses the batch, with every reason. */
  async linked(requests: readonly TransferRequest[], origin: CommandOrigin = LEDGER_ORIGIN): Promise<TransferResult[]> {
    const commands = requests.map(commandOf);
    await this.refuseEarly(commands, origin, () => validateLinked(commands));
    const [results] = await this.engine.apply([{ commands, origin, linked: true }]);
    const refused = (results ?? []).filter(isRejection);
    if (refused.length > 0) {
      const first = refused.find((r) => r.reason !== LedgerRule.LinkedTransferFailed) ?? refused[0]!;
      throw new TransferError(
        toTransferError(first).rule,
        `the linked transfers were not applied: ${first.transferId} was refused (${first.message})`,
        (results ?? []).map((r, index) =>
          isRejection(r)
            ? { index, transferId: r.transferId, code: r.reason, message: r.message }
            : { index, transferId: r.transferId },
        ),
      );
    }
    return (results ?? []).map(toTransferResult);
  }

  /** Settles pending transfer `pendingId`: moves `amount` (all of it by default), releases the rest. */
  post(pendingId: string, request: SettleRequest, origin: CommandOrigin = LEDGER_ORIGIN): Promise<TransferResult> {
    return this.one({ op: 'post', pendingId, ...request }, origin);
  }

  /** Releases pending transfer `pendingId`. */
  void(
    pendingId: string,
    request: Omit<SettleRequest, 'amount'> & { reason?: 'requested' | 'timeout' },
    origin: CommandOrigin = LEDGER_ORIGIN,
  ): Promise<TransferResult> {
    return this.one({ op: 'void', pendingId, ...request }, origin);
  }

  /** Moves posted transfer `reversesId` back, all that is left of it by default. */
  reverse(reversesId: string, request: SettleRequest, origin: CommandOrigin = LEDGER_ORIGIN): Promise<TransferResult> {
    return this.one({ op: 'reverse', reversesId, ...request }, origin);
  }

  /** Applies commands inside the caller's transaction; refusals come back as results. */
  applyIn(manager: EntityManager, commands: readonly LedgerCommand[], origin: CommandOrigin): Promise<EngineResult[]> {
    for (const command of commands) rethrowAsTransferError(() => validateCommand(command));
    return this.engine.applyIn(manager, { commands, origin });
  }

  /** A stored transfer as the API answers it. */
  async find(transferId: string): Promise<TransferResult> {
    const [row] = (await this.dataSource.query('SELECT ledger_result($1, false) AS result', [transferId])) as {
      result: TransferResult | null;
    }[];
    if (!row?.result) throw new TransferError(LedgerRule.TransferNotFound, `there is no transfer ${transferId}`);
    return row.result;
  }

  private async one(command: LedgerCommand, origin: CommandOrigin): Promise<TransferResult> {
    await this.refuseEarly([command], origin, () => validateCommand(command));
    const [results] = await this.engine.apply([{ commands: [command], origin }]);
    const result = results?.[0];
    if (!result) throw new Error(`the posting engine gave no result for ${command.transferId}`);
    return toTransferResult(result);
  }

  /**
   * Runs the checks that need no database; a refusal from them takes the ids like one from the
   * engine (for origins that ask for it) before it is thrown.
   */
  private async refuseEarly(commands: readonly LedgerCommand[], origin: CommandOrigin, check: () => void): Promise<void> {
    try {
      check();
    } catch (error) {
      if (!(error instanceof LedgerRuleError)) throw error;
      await this.engine.recordRefusals(
        commands.map((command) => ({ command, rule: error.rule, message: error.message })),
        origin,
      );
      throw TransferError.fromRule(error);
    }
  }
}

export function commandOf(request: TransferRequest): LedgerCommand {
  const { pending, expiresAt, ...content } = request;
  if (pending) return { ...content, op: 'pending', timeoutSeconds: pending.timeoutSeconds };
  return { ...content, op: 'transfer', ...(expiresAt ? { expiresAt } : {}) };
}

function rethrowAsTransferError(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof LedgerRuleError) throw TransferError.fromRule(error);
    throw error;
  }
}
