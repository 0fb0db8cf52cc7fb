import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { parseAmount } from '@goodloop/money';
import { dueForExpiry, expirySinkKey, upcomingExpiries, type LedgerCommand, type PointLot } from '../domain';
import { isRejection } from '../transfers/transfer-result';
import { TransfersService } from '../transfers/transfers.service';

/** Lots that lapsed longer ago than this are not looked at again: every run expires what is due. */
const LOOKBACK_DAYS = 400;

export interface ExpiryRun {
  walletsChecked: number;
  transfers: number;
  points: number;
}

interface LotRow {
  expires_at: Date;
  amount: string;
  issuance_key: string;
}

/**
 * Writes expiry transfers: for each wallet with lots due, what is left of them (see
 * domain/expiry.ts) moves to `sink:expiry:<programmeId>`. The wallet and the sinks are locked
 * first, in the engine's order, so a spend cannot slip in between reading the lots and writing
 * the expiry. Running twice is harmless: the second run finds the expiry already consumed,
 * and the transfer id (wallet, programme, what had been consumed) would replay anyway.
 */
@Injectable()
export class ExpiryService {
  private readonly logger = new Logger(ExpiryService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transfers: TransfersService,
  ) {}

  async expireDue(now: Date = new Date()): Promise<ExpiryRun> {
    const wallets = (await this.dataSource.query(
      `SELECT DISTINCT a.key
         FROM transfers t JOIN accounts a ON a.id = t.credit_account_id
        WHERE t.expires_at <= $1 AND t.expires_at > $1::timestamptz - make_interval(days => $2)
          AND t.op IN ('transfer', 'post') AND a.kind = 'user_wallet'`,
      [now, LOOKBACK_DAYS],
    )) as { key: string }[];
    const run: ExpiryRun = { walletsChecked: wallets.length, transfers: 0, points: 0 };
    for (const { key } of wallets) {
      const expired = await this.expireWallet(key, now);
      run.transfers += expired.length;
      run.points += expired.reduce((sum, e) => sum + e.amount, 0);
    }
    if (run.transfers > 0) this.logger.log(`expired ${run.points} points in ${run.transfers} transfers`);
    return run;
  }

  /** Expires what is due in one wallet; returns the expiry transfers written. */
  async expireWallet(walletKey: string, now: Date): Promise<{ programmeId: string; amount: number }[]> {
    return this.dataSource.transaction(async (manager) => {
      const lots = await this.lots(manager, walletKey);
      const programmes = [...new Set(lots.map((l) => l.programmeId))];
      // Creates missing sinks and locks wallet and sinks together, in id order. No commands, so
      // no messages: their envelope templates are not needed.
      await manager.query('SELECT ledger_apply($1::jsonb, $2::jsonb, $3::jsonb)', [
        JSON.stringify([
          { key: walletKey, asset: 'POINTS', kind: 'user_wallet', neg: false },
          ...programmes.map((p) => ({ key: expirySinkKey(p), asset: 'POINTS', kind: 'expiry_sink', neg: true })),
        ]),
        '[]',
        '{}',
      ]);
      const consumed = await this.consumed(manager, walletKey);
      const due = dueForExpiry(lots, consumed, now);
      if (due.size === 0) return [];
      const userId = walletKey.slice('user:'.length);
      const commands: LedgerCommand[] = [...due.entries()].map(([programmeId, amount]) => ({
        op: 'transfer',
        transferId: `expire:${userId}:${programmeId}:${consumed}`,
        debitAccount: walletKey,
        creditAccount: expirySinkKey(programmeId),
        asset: 'POINTS',
        amount,
        code: 'expire',
        references: { description: `points earned under ${programmeId} reached the end of their lifetime` },
      }));
      const results = await this.transfers.applyIn(manager, commands, { causedBy: 'job:expire-points', correlationId: '' });
      const refused = results.filter(isRejection);
      for (const r of refused) this.logger.warn(`expiry ${r.transferId} refused: ${r.reason} ${r.message}`);
      return [...due.entries()]
        .filter(([, _], i) => !isRejection(results[i]!))
        .map(([programmeId, amount]) => ({ programmeId, amount }));
    });
  }

  /** What expires next in a wallet, for the wallet view. */
  async upcoming(walletKey: string, now: Date = new Date()): Promise<{ expiresAt: string; amount: number }[]> {
    const manager = this.dataSource.manager;
    const lots = await this.lots(manager, walletKey);
    if (lots.length === 0) return [];
    return upcomingExpiries(lots, await this.consumed(manager, walletKey), now);
  }

  private async lots(manager: EntityManager, walletKey: string): Promise<PointLot[]> {
    const rows = (await manager.query(
      `SELECT t.expires_at, t.amount::text AS amount, d.key AS issuance_key
         FROM transfers t
         JOIN accounts w ON w.id = t.credit_account_id
         JOIN accounts d ON d.id = t.debit_account_id
        WHERE w.key = $1 AND w.asset = 'POINTS' AND t.expires_at IS NOT NULL AND t.op IN ('transfer', 'post')`,
      [walletKey],
    )) as LotRow[];
    return rows.map((r) => ({
      expiresAt: r.expires_at,
      amount: parseAmount(r.amount),
      programmeId: r.issuance_key.startsWith('issuance:') ? r.issuance_key.slice('issuance:'.length) : r.issuance_key,
    }));
  }

  /**
   * Everything that left the wallet (posted and held), less what came back by reversing a spend.
   * Reversing an expiry gives points back for good, so it does not count as coming back.
   */
  private async consumed(manager: EntityManager, walletKey: string): Promise<number> {
    const [row] = (await manager.query(
      `SELECT (a.debits_posted + a.debits_pending - coalesce((
                 SELECT sum(r.amount) FROM transfers r JOIN transfers o ON o.id = r.reverses_id
                  WHERE r.credit_account_id = a.id AND r.op = 'reverse' AND o.code <> 'expire'), 0))::text AS consumed
         FROM accounts a WHERE a.key = $1 AND a.asset = 'POINTS'`,
      [walletKey],
    )) as { consumed: string }[];
    return parseAmount(row?.consumed ?? '0', 'consumed');
  }
}
