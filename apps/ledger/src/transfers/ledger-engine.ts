import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { MESSAGING_OPTIONS, requestContext, type MessagingOptions } from '@goodloop/common';
import { CLIENT_ID_PATTERN, envelopeTemplate, Topics } from '@goodloop/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  commandHash,
  engineAccounts,
  toEngineCommand,
  type CommandOrigin,
  type EngineAccount,
  type EngineCommand,
  type LedgerCommand,
} from '../domain';
import { isRetryableTransactionError, withTransactionRetries } from './transaction-retry';
import { LedgerBusyError } from './transfers.errors';
import type { EngineResult } from './transfer-result';

const APPLY_SQL = 'SELECT ledger_apply($1::jsonb, $2::jsonb, $3::jsonb) AS results';
const REFUSE_SQL =
  'SELECT ledger_refuse(x.p->0, x.p->1) AS outcome FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(p, n) ORDER BY x.n';

/**
 * What recording a refusal did (`ledger_refuse`, database/sql/ledger-apply.v3.sql): `recorded`
 * (the id is refused from now on), `repeat` (the same command was refused and recorded before:
 * it was answered then), `taken` (another command holds the id), `none` (not recorded: the
 * origin does not ask for it, or the id is not one the ledger could ever post).
 */
export type RefusalOutcome = 'recorded' | 'repeat' | 'taken' | 'none';

/** A refusal decided before the engine (a command that breaks a rule whatever the state). */
export interface EarlyRefusal {
  command: LedgerCommand;
  rule: string;
  message: string;
}

/**
 * The envelope templates the engine's SQL completes for each kind of message it writes (see
 * database/sql/ledger-apply.v2.sql), as one JSON parameter of every call.
 */
export function engineMessages(producer: string): string {
  return JSON.stringify({
    posted: envelopeTemplate(Topics.TransferPostedV1, producer),
    reserved: envelopeTemplate(Topics.TransferReservedV1, producer),
    voided: envelopeTemplate(Topics.TransferVoidedV1, producer),
    rejected: envelopeTemplate(Topics.TransferRejectedV1, producer),
  });
}

/** The part of node-postgres's Pool the engine uses. */
interface PgPool {
  query<R>(text: string, values: unknown[]): Promise<{ rows: R[] }>;
}

/** How many commands one call of the engine takes at most. */
const MAX_BATCH_COMMANDS = 1000;
/**
 * Batches in flight at once from this process. A second batch goes out while one is being
 * written only when a full batch's worth is waiting (a Kafka backlog): then it is ready to run
 * the moment the first commits. With fewer waiting (HTTP callers), they wait for the batch in
 * flight and go together in the next one: two half-size batches contend for the same rows and
 * pay the engine's fixed cost twice. Measured with 16 HTTP callers on 2 cores: one batch in
 * flight ~1,640 transfers/s, two ~1,220, four ~840.
 */
const MAX_IN_FLIGHT = 2;
/** Commands waiting that justify a second batch in flight. */
const PIPELINE_AT = MAX_BATCH_COMMANDS / 2;

/** Commands that are applied together or not at all (a linked batch), or one command alone. */
export interface CommandUnit {
  commands: readonly LedgerCommand[];
  origin: CommandOrigin;
  linked?: boolean;
}

/** Units that go into one engine call together, in order. */
interface Queued {
  accounts: EngineAccount[];
  commands: EngineCommand[];
  /** How many of `commands` belong to each unit. */
  sizes: number[];
  resolve: (results: EngineResult[][]) => void;
  reject: (error: unknown) => void;
}

/**
 * The one door to the posting engine (`ledger_apply`, see database/sql). Requests that arrive
 * while a batch is being written wait and go together in the next one: under load, sixteen
 * HTTP callers cost one transaction and one commit per round instead of sixteen, and the
 * Kafka consumer hands over whole fetches. Alone, a request is written at once.
 *
 * Each unit's results come back in its own order. A batch that fails as a whole (a broken
 * connection, a bug) is written again one unit at a time, so one bad unit fails alone.
 */
@Injectable()
export class LedgerEngine implements BeforeApplicationShutdown {
  private readonly logger = new Logger(LedgerEngine.name);
  private readonly queue: Queued[] = [];
  /** Commands in `queue`. */
  private queuedCommands = 0;
  private inFlight = 0;
  private readonly idle = new Set<() => void>();
  private readonly pendingListeners: ((holds: { transferId: string; timeoutAt: string }[]) => void)[] = [];
  private readonly messages: string;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
  ) {
    this.messages = engineMessages(options.service);
  }

  /**
   * Applies units through the shared batcher; each gets its results in command order. Units
   * given together are applied in the order given (a Kafka partition's commands: a hold before
   * its post), in as few engine calls as fit.
   */
  async apply(units: readonly CommandUnit[]): Promise<EngineResult[][]> {
    const out: EngineResult[][] = [];
    let chunk: CommandUnit[] = [];
    let size = 0;
    for (const unit of units) {
      if (chunk.length > 0 && size + unit.commands.length > MAX_BATCH_COMMANDS) {
        out.push(...(await this.enqueue(chunk)));
        chunk = [];
        size = 0;
      }
      chunk.push(unit);
      size += unit.commands.length;
    }
    if (chunk.length > 0) out.push(...(await this.enqueue(chunk)));
    return out;
  }

  /**
   * Applies commands inside the caller's transaction (an earn with its earn log, an expiry
   * that read the wallet under lock). No batching: the caller's commit is the commit.
   */
  async applyIn(manager: EntityManager, unit: CommandUnit): Promise<EngineResult[]> {
    const prepared = this.prepare(unit);
    return this.call(manager, prepared.accounts, prepared.commands);
  }

  /**
   * Records refusals decided before the engine, as the engine records its own (for origins that
   * ask for it), in the caller's transaction when given; one statement for all of them. The
   * answer says, per refusal, whether it is new (`recorded`) or the same command refused before
   * (`repeat`: its requester was answered then).
   */
  async recordRefusals(
    refusals: readonly EarlyRefusal[],
    origin: CommandOrigin,
    manager?: EntityManager,
  ): Promise<RefusalOutcome[]> {
    const recordable = refusals.map((r) => origin.recordRefusal === true && isRecordableId(r.command.transferId));
    if (!recordable.some(Boolean)) return refusals.map(() => 'none');
    const pairs = refusals.map((refusal, index) => [
      {
        id: refusal.command.transferId,
        op: refusal.command.op,
        hash: recordable[index] ? commandHash(refusal.command) : '',
        causedBy: origin.causedBy,
        record: recordable[index],
      },
      { transferId: refusal.command.transferId, status: 'rejected', reason: refusal.rule, message: refusal.message },
    ]);
    const rows = (await (manager ?? this.dataSource).query(REFUSE_SQL, [JSON.stringify(pairs)])) as {
      outcome: RefusalOutcome | null;
    }[];
    return rows.map((row) => row.outcome ?? 'none');
  }

  /** Called with every new hold once written (the jobs schedule its timeout from it). */
  onPendingCreated(listener: (holds: { transferId: string; timeoutAt: string }[]) => void): void {
    this.pendingListeners.push(listener);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  private enqueue(units: readonly CommandUnit[]): Promise<EngineResult[][]> {
    return new Promise<EngineResult[][]>((resolve, reject) => {
      const prepared = units.map((unit) => this.prepare(unit));
      this.queue.push({
        accounts: mergeAccounts(prepared.map((p) => p.accounts)),
        commands: prepared.flatMap((p) => p.commands),
        sizes: prepared.map((p) => p.commands.length),
        resolve,
        reject,
      });
      this.queuedCommands += this.queue[this.queue.length - 1]!.commands.length;
      this.pump();
    });
  }

  private prepare(unit: CommandUnit): { accounts: EngineAccount[]; commands: EngineCommand[] } {
    const context = requestContext.get();
    const origin: CommandOrigin = {
      ...unit.origin,
      correlationId: unit.origin.correlationId || context?.correlationId || uuidv7(),
      ...(unit.origin.causationId || context?.causationId
        ? { causationId: unit.origin.causationId ?? context?.causationId }
        : {}),
    };
    const group = unit.linked ? unit.commands[0]?.transferId : undefined;
    return {
      accounts: engineAccounts(unit.commands),
      commands: unit.commands.map((command) => toEngineCommand(command, origin, uuidv7(), group)),
    };
  }

  private pump(): void {
    while (
      this.queue.length > 0 &&
      (this.inFlight === 0 || (this.inFlight < MAX_IN_FLIGHT && this.queuedCommands >= PIPELINE_AT))
    ) {
      const batch: Queued[] = [];
      let size = 0;
      while (this.queue.length > 0 && (batch.length === 0 || size + this.queue[0]!.commands.length <= MAX_BATCH_COMMANDS)) {
        const next = this.queue.shift()!;
        size += next.commands.length;
        this.queuedCommands -= next.commands.length;
        batch.push(next);
      }
      this.inFlight += 1;
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
        this.pump();
      };
      void this.write(batch, release).finally(() => {
        release();
        if (this.inFlight === 0 && this.queue.length === 0) {
          for (const resolve of this.idle) resolve();
          this.idle.clear();
        }
      });
    }
  }

  /**
   * Writes a batch and answers its units. `release` is called as soon as the database has
   * answered, before the units are: the next batch is on its way to PostgreSQL while this
   * one's callers are answered (sixteen HTTP responses take a millisecond or two of the event
   * loop, which the database would otherwise sit out).
   */
  private async write(batch: Queued[], release: () => void): Promise<void> {
    try {
      const results = await this.callWithRetries(
        mergeAccounts(batch.map((q) => q.accounts)),
        batch.flatMap((q) => q.commands),
      );
      release();
      let at = 0;
      for (const queued of batch) {
        queued.resolve(splitBySizes(results.slice(at, at + queued.commands.length), queued.sizes));
        at += queued.commands.length;
      }
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      this.logger.warn(`a batch of ${batch.length} units failed (${String(error)}); writing them one by one`);
      for (const queued of batch) {
        try {
          queued.resolve(splitBySizes(await this.callWithRetries(queued.accounts, queued.commands), queued.sizes));
        } catch (unitError) {
          queued.reject(unitError);
        }
      }
    }
  }

  private async callWithRetries(accounts: EngineAccount[], commands: EngineCommand[]): Promise<EngineResult[]> {
    try {
      return await withTransactionRetries(() => this.callOnPool(accounts, commands), this.logger);
    } catch (error) {
      if (isRetryableTransactionError(error)) throw new LedgerBusyError(commands[0]?.id ?? 'batch');
      throw error;
    }
  }

  private announceHolds(results: EngineResult[]): void {
    if (this.pendingListeners.length === 0) return;
    const holds = results.filter(isNewHold).map((r) => ({ transferId: r.transferId, timeoutAt: r.timeoutAt }));
    if (holds.length === 0) return;
    for (const listener of this.pendingListeners) listener(holds);
  }

  private async call(manager: EntityManager, accounts: EngineAccount[], commands: EngineCommand[]): Promise<EngineResult[]> {
    const rows = (await manager.query(APPLY_SQL, [JSON.stringify(accounts), JSON.stringify(commands), this.messages])) as {
      results: EngineResult[];
    }[];
    return this.checked(rows[0]?.results, commands);
  }

  /**
   * One statement on its own (autocommit) straight on the driver's pool: TypeORM's query runner
   * adds nothing to a single statement but allocations, and this is the ledger's hottest line.
   */
  private async callOnPool(accounts: EngineAccount[], commands: EngineCommand[]): Promise<EngineResult[]> {
    const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
    const { rows } = await pool.query<{ results: EngineResult[] }>(APPLY_SQL, [
      JSON.stringify(accounts),
      JSON.stringify(commands),
      this.messages,
    ]);
    return this.checked(rows[0]?.results, commands);
  }

  private checked(results: EngineResult[] | undefined, commands: EngineCommand[]): EngineResult[] {
    if (!results || results.length !== commands.length) {
      throw new Error(`the posting engine answered ${results?.length ?? 0} results for ${commands.length} commands`);
    }
    this.announceHolds(results);
    return results;
  }
}

function isRecordableId(id: unknown): id is string {
  return typeof id === 'string' && CLIENT_ID_PATTERN.test(id);
}

function isNewHold(result: EngineResult): result is EngineResult & { transferId: string; timeoutAt: string } {
  return result.status !== 'rejected' && result.new === true && result.op === 'pending' && result.timeoutAt !== undefined;
}

function splitBySizes(results: EngineResult[], sizes: number[]): EngineResult[][] {
  const out: EngineResult[][] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(results.slice(at, at + size));
    at += size;
  }
  return out;
}

function mergeAccounts(lists: EngineAccount[][]): EngineAccount[] {
  const out = new Map<string, EngineAccount>();
  for (const list of lists) for (const account of list) out.set(`${account.key}\u0000${account.asset}`, account);
  return [...out.values()];
}
