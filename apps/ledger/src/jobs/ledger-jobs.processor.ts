import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LedgerRule } from '../domain';
import { ExpiryService } from '../expiry/expiry.service';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { TransferError } from '../transfers/transfers.errors';
import { TransfersService } from '../transfers/transfers.service';

export const LedgerJobNames = {
  VoidPending: 'void-pending',
  SweepPending: 'sweep-pending',
  ExpirePoints: 'expire-points',
  Reconcile: 'reconcile',
} as const;
export type LedgerJobName = (typeof LedgerJobNames)[keyof typeof LedgerJobNames];

/** Holds swept per pass; the next pass takes the rest. */
const SWEEP_BATCH = 500;

/** The id of the void a timeout writes: derived from the hold, so every path to it is one void. */
export function timeoutVoidId(pendingId: string): string {
  const id = `void:timeout:${pendingId}`;
  return id.length <= 128 ? id : `void:timeout:${createHash('sha256').update(pendingId).digest('hex').slice(0, 40)}`;
}

/**
 * What the ledger's jobs do. Each is safe to run twice or at once with itself: voids and
 * expiries have ids derived from what they settle, and a reconciliation only reads.
 */
@Injectable()
export class LedgerJobsProcessor {
  private readonly logger = new Logger(LedgerJobsProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transfers: TransfersService,
    private readonly expiry: ExpiryService,
    private readonly reconciliation: ReconciliationService,
  ) {}

  async process(name: string, data: unknown): Promise<unknown> {
    switch (name as LedgerJobName) {
      case LedgerJobNames.VoidPending:
        return this.voidIfTimedOut((data as { pendingId: string }).pendingId);
      case LedgerJobNames.SweepPending:
        return this.sweep();
      case LedgerJobNames.ExpirePoints:
        return this.expiry.expireDue();
      case LedgerJobNames.Reconcile:
        return this.reconciliation.run().then((r) => ({ status: r.status, drifts: r.drifts.length }));
      default:
        throw new Error(`unknown ledger job ${name}`);
    }
  }

  /**
   * Voids hold `pendingId` when its timeout has passed by the database's clock; a job that
   * fires early answers how long is left, and the caller schedules it again. A hold already
   * posted or voided is left as it is.
   */
  async voidIfTimedOut(pendingId: string): Promise<{ voided: boolean; retryInMs?: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT status, (extract(epoch FROM (timeout_at - now())) * 1000)::bigint::text AS left_ms
         FROM transfers WHERE id = $1 AND op = 'pending'`,
      [pendingId],
    )) as { status: string; left_ms: string }[];
    if (!row || row.status !== 'pending') return { voided: false };
    const leftMs = Number(row.left_ms);
    if (leftMs > 0) return { voided: false, retryInMs: leftMs };
    try {
      const result = await this.transfers.void(
        pendingId,
        { transferId: timeoutVoidId(pendingId), reason: 'timeout', references: { description: 'the hold timed out' } },
        { causedBy: 'job:void-pending', correlationId: '' },
      );
      // A replay: the sweep or another run of this job voided it a moment ago.
      return { voided: !result.replayed };
    } catch (error) {
      // Posted or voided meanwhile: nothing left to do.
      if (
        error instanceof TransferError &&
        (error.rule === LedgerRule.PendingAlreadyPosted || error.rule === LedgerRule.PendingAlreadyVoided)
      ) {
        return { voided: false };
      }
      throw error;
    }
  }

  /** Voids every hold past its timeout (the safety net under the per-hold jobs). */
  async sweep(): Promise<{ voided: number }> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM transfers WHERE status = 'pending' AND timeout_at <= now() ORDER BY timeout_at LIMIT ${SWEEP_BATCH}`,
    )) as { id: string }[];
    let voided = 0;
    for (const { id } of rows) {
      if ((await this.voidIfTimedOut(id)).voided) voided += 1;
    }
    if (voided > 0) this.logger.log(`voided ${voided} timed-out holds`);
    return { voided };
  }
}
