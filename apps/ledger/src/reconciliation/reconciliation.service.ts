import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HealthService } from '@goodloop/common';
import { Counter, Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import type { Asset } from '@goodloop/contracts';
import type { Drift } from './entities/reconciliation-run.entity';

export interface ReconciliationStatus {
  status: 'ok' | 'drift' | 'not_run';
  checkedAt: string | null;
  accountsChecked: number;
  drifts: Drift[];
}

interface DriftRow {
  key: string;
  asset: Asset;
  debits_posted: string;
  credits_posted: string;
  debits_pending: string;
  credits_pending: string;
  entry_debits: string;
  entry_credits: string;
  held_debits: string;
  held_credits: string;
}

interface TransferDriftRow {
  transfer_id: string;
  account_key: string;
  asset: Asset;
  field: 'entries' | 'transfer_sum';
  stored: string;
  recomputed: string;
}

/**
 * Entries against their transfers, in one pass over each table: what every transfer that moves
 * value (`transfer`, `post`, `reverse`) must have written — its amount out of the debit account
 * and into the credit account, in its asset — against what the entries hold, per transfer,
 * account and asset. A missing entry, an extra one, one on another account or asset, one with
 * another amount, one whose transfer is gone: each is a row. Then every transfer's entries must
 * add up to zero per asset.
 */
const TRANSFER_DRIFTS_SQL = `
  WITH moving AS (
    SELECT id, debit_account_id, credit_account_id, asset, amount FROM transfers WHERE op IN ('transfer', 'post', 'reverse')),
  expected AS (
    SELECT transfer_id, account_id, asset, sum(amount) AS amount FROM (
      SELECT id AS transfer_id, debit_account_id AS account_id, asset, -amount AS amount FROM moving
      UNION ALL
      SELECT id, credit_account_id, asset, amount FROM moving) x
    GROUP BY 1, 2, 3),
  actual AS (
    SELECT transfer_id, account_id, asset, sum(amount) AS amount, count(*) AS n FROM entries GROUP BY 1, 2, 3),
  legs AS (
    SELECT coalesce(x.transfer_id, a.transfer_id) AS transfer_id, coalesce(x.account_id, a.account_id) AS account_id,
           coalesce(x.asset, a.asset) AS asset, coalesce(a.amount, 0) AS stored, coalesce(x.amount, 0) AS recomputed
      FROM expected x
      FULL JOIN actual a ON a.transfer_id = x.transfer_id AND a.account_id = x.account_id AND a.asset = x.asset
     WHERE x.amount IS DISTINCT FROM a.amount OR a.n > 1),
  sums AS (
    SELECT e.transfer_id, e.asset, sum(e.amount) AS total, min(e.account_id::text)::uuid AS account_id
      FROM entries e GROUP BY 1, 2 HAVING sum(e.amount) <> 0)
  SELECT l.transfer_id, ac.key AS account_key, l.asset, 'entries' AS field, l.stored::text AS stored, l.recomputed::text AS recomputed
    FROM legs l JOIN accounts ac ON ac.id = l.account_id
  UNION ALL
  SELECT s.transfer_id, coalesce(d.key, ac.key), s.asset, 'transfer_sum', s.total::text, '0'
    FROM sums s
    LEFT JOIN transfers t ON t.id = s.transfer_id
    LEFT JOIN accounts d ON d.id = t.debit_account_id
    JOIN accounts ac ON ac.id = s.account_id
  ORDER BY 1, 4, 2`;

function metric<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/**
 * Recomputes every account's totals from history and compares them with the stored ones:
 * posted debits and credits from the entries, pending ones from the holds still open. Stored
 * totals are what transfers check against; entries are what statements show. Then checks the
 * entries against their transfers (TRANSFER_DRIFTS_SQL). They can only differ if something
 * wrote around the posting engine — which is exactly what this looks for.
 *
 * A drift is logged as an error, counted in `goodloop_ledger_reconciliation_drifts`, and turns
 * the ledger's health `degraded` until a run finds none.
 */
@Injectable()
export class ReconciliationService implements OnModuleInit {
  private readonly logger = new Logger(ReconciliationService.name);
  private readonly driftGauge = metric(
    'goodloop_ledger_reconciliation_drifts',
    () =>
      new Gauge({
        name: 'goodloop_ledger_reconciliation_drifts',
        help: 'Accounts whose totals differ from their history, at the last run',
      }),
  );
  private readonly runs = metric(
    'goodloop_ledger_reconciliation_runs_total',
    () => new Counter({ name: 'goodloop_ledger_reconciliation_runs_total', help: 'Reconciliation runs', labelNames: ['result'] }),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    this.health.register('reconciliation', async () => {
      const last = await this.last();
      return { ok: last.status !== 'drift', status: last.status, checkedAt: last.checkedAt, drifts: last.drifts.length };
    });
  }

  async run(): Promise<ReconciliationStatus> {
    const startedAt = new Date();
    // One consistent snapshot: totals and history read at the same instant.
    const { rows, transferRows, checked } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const found = (await manager.query(
        `WITH e AS (
           SELECT account_id,
                  coalesce(sum(-amount) FILTER (WHERE amount < 0), 0) AS debits,
                  coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS credits
             FROM entries GROUP BY account_id),
         hd AS (SELECT debit_account_id AS id, sum(amount) AS held FROM transfers
                 WHERE op = 'pending' AND status = 'pending' GROUP BY 1),
         hc AS (SELECT credit_account_id AS id, sum(amount) AS held FROM transfers
                 WHERE op = 'pending' AND status = 'pending' GROUP BY 1)
         SELECT a.key, a.asset, a.debits_posted::text, a.credits_posted::text, a.debits_pending::text, a.credits_pending::text,
                coalesce(e.debits, 0)::text AS entry_debits, coalesce(e.credits, 0)::text AS entry_credits,
                coalesce(hd.held, 0)::text AS held_debits, coalesce(hc.held, 0)::text AS held_credits
           FROM accounts a
           LEFT JOIN e ON e.account_id = a.id
           LEFT JOIN hd ON hd.id = a.id
           LEFT JOIN hc ON hc.id = a.id
          WHERE a.debits_posted <> coalesce(e.debits, 0) OR a.credits_posted <> coalesce(e.credits, 0)
             OR a.debits_pending <> coalesce(hd.held, 0) OR a.credits_pending <> coalesce(hc.held, 0)
          ORDER BY a.key, a.asset`,
      )) as DriftRow[];
      const transferRows = (await manager.query(TRANSFER_DRIFTS_SQL)) as TransferDriftRow[];
      const [count] = (await manager.query('SELECT count(*)::int AS n FROM accounts')) as { n: number }[];
      return { rows: found, transferRows, checked: count?.n ?? 0 };
    });
    const drifts: Drift[] = [
      ...rows.flatMap(toDrifts),
      ...transferRows.map((r) => ({
        accountKey: r.account_key,
        asset: r.asset,
        field: r.field,
        stored: r.stored,
        recomputed: r.recomputed,
        transferId: r.transfer_id,
      })),
    ];
    const finishedAt = new Date();
    await this.dataSource.query(
      'INSERT INTO reconciliation_runs (started_at, finished_at, accounts_checked, drifts) VALUES ($1, $2, $3, $4::jsonb)',
      [startedAt, finishedAt, checked, JSON.stringify(drifts)],
    );
    this.driftGauge.set(drifts.length);
    this.runs.inc({ result: drifts.length === 0 ? 'ok' : 'drift' });
    if (drifts.length > 0) {
      this.logger.error(
        `reconciliation found ${drifts.length} drift(s) over ${checked} accounts: ${drifts
          .slice(0, 5)
          .map(
            (d) =>
              `${d.transferId ? `transfer ${d.transferId} ` : ''}${d.accountKey} ${d.asset} ${d.field} stored ${d.stored}, history ${d.recomputed}`,
          )
          .join('; ')}`,
      );
    } else {
      this.logger.log(`reconciliation: ${checked} accounts agree with their history`);
    }
    return {
      status: drifts.length === 0 ? 'ok' : 'drift',
      checkedAt: finishedAt.toISOString(),
      accountsChecked: checked,
      drifts,
    };
  }

  async last(): Promise<ReconciliationStatus> {
    const [row] = (await this.dataSource.query(
      'SELECT finished_at, accounts_checked, drifts FROM reconciliation_runs ORDER BY id DESC LIMIT 1',
    )) as { finished_at: Date; accounts_checked: number; drifts: Drift[] }[];
    if (!row) return { status: 'not_run', checkedAt: null, accountsChecked: 0, drifts: [] };
    return {
      status: row.drifts.length === 0 ? 'ok' : 'drift',
      checkedAt: row.finished_at.toISOString(),
      accountsChecked: row.accounts_checked,
      drifts: row.drifts,
    };
  }
}

function toDrifts(row: DriftRow): Drift[] {
  const out: Drift[] = [];
  const balance = BigInt(row.credits_posted) - BigInt(row.debits_posted);
  const fromEntries = BigInt(row.entry_credits) - BigInt(row.entry_debits);
  if (row.debits_posted !== row.entry_debits || row.credits_posted !== row.entry_credits) {
    out.push({
      accountKey: row.key,
      asset: row.asset,
      field: 'balance',
      stored: String(balance),
      recomputed: String(fromEntries),
    });
  }
  if (row.debits_pending !== row.held_debits || row.credits_pending !== row.held_credits) {
    out.push({
      accountKey: row.key,
      asset: row.asset,
      field: 'pending',
      stored: `${row.debits_pending}/${row.credits_pending}`,
      recomputed: `${row.held_debits}/${row.held_credits}`,
    });
  }
  return out;
}
