import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';

export const GENESIS_HASH = '0'.repeat(64);
/** Links read per query while verifying: memory stays flat however long the chain grows. */
const PAGE = 5_000;

export interface ChainVerification {
  valid: boolean;
  /** Links checked. */
  length: number;
  head: { seq: string; hash: string } | null;
  brokenAt: { seq: string; transferId: string; reason: string } | null;
  verifiedAt: string;
}

interface LinkRow {
  seq: string;
  transfer_id: string;
  prev_hash: string;
  hash: string;
  format: number;
  id: string | null;
  op: string | null;
  debit_key: string | null;
  credit_key: string | null;
  asset: string | null;
  amount: string | null;
  code: string | null;
  pending_id: string | null;
  reverses_id: string | null;
  caused_by: string | null;
  created_us: string | null;
  status: string | null;
  timeout_us: string | null;
  expires_us: string | null;
  linked_group: string | null;
  content_hash: string | null;
  references: string | null;
}

interface EntryRow {
  transfer_id: string;
  id: string;
  account_key: string;
  asset: string;
  amount: string;
  balance_after: string;
  created_us: string;
}

/** An entry as chain format 2 hashes it. */
export interface ChainEntry {
  id: string;
  accountKey: string;
  asset: string;
  amount: string;
  balanceAfter: string;
  createdMicros: string;
}

/** A transfer as chain format 2 hashes it: every column (a hold's status aside) and its entries. */
export interface ChainPostingV2 {
  id: string;
  op: string;
  status: string;
  debitKey: string;
  creditKey: string;
  asset: string;
  amount: string;
  code: string;
  pendingId: string | null;
  reversesId: string | null;
  timeoutMicros: string | null;
  expiresMicros: string | null;
  linkedGroup: string | null;
  causedBy: string;
  contentHash: string;
  /** The stored jsonb as PostgreSQL prints it (keys in its canonical order). */
  references: string;
  createdMicros: string;
  entries: readonly ChainEntry[];
}

/**
 * Format 2's canonical text, as `ledger_chain_texts_v2` (database/sql/ledger-chain.v2.sql)
 * builds it with `array_to_json(text[])`: a JSON array of strings and nulls, which
 * JSON.stringify writes byte for byte alike. A hold's status is null (it changes once, later);
 * the verifier checks it against the transfer that settled it.
 */
export function postingTextV2(p: ChainPostingV2): string {
  const cells: (string | null)[] = [
    '2',
    p.id,
    p.op,
    p.op === 'pending' ? null : p.status,
    p.debitKey,
    p.creditKey,
    p.asset,
    p.amount,
    p.code,
    p.pendingId,
    p.reversesId,
    p.timeoutMicros,
    p.expiresMicros,
    p.linkedGroup,
    p.causedBy,
    p.contentHash,
    p.references,
    p.createdMicros,
  ];
  for (const e of p.entries) cells.push(e.id, e.accountKey, e.asset, e.amount, e.balanceAfter, e.createdMicros);
  return JSON.stringify(cells);
}

/**
 * Format 1's canonical text of a posting (links written before migration 1796620100000): the
 * same fields, in the same order, that `ledger_chain` v1 (database/sql/ledger-chain.v1.sql)
 * joins with `|`.
 */
export function postingText(row: {
  id: string;
  op: string;
  debitKey: string;
  creditKey: string;
  asset: string;
  amount: string;
  code: string;
  pendingId: string | null;
  reversesId: string | null;
  causedBy: string;
  createdMicros: string;
}): string {
  return [
    row.id,
    row.op,
    row.debitKey,
    row.creditKey,
    row.asset,
    row.amount,
    row.code,
    row.pendingId ?? '',
    row.reversesId ?? '',
    row.causedBy,
    row.createdMicros,
  ].join('|');
}

/** hash(n) = sha256(hash(n − 1) | n | posting n), hex. */
export function linkHash(prevHash: string, seq: string, text: string): string {
  return createHash('sha256').update(`${prevHash}|${seq}|${text}`, 'utf8').digest('hex');
}

/**
 * Verifies the hash chain over postings, independently of the database function that wrote it:
 * every link's hash is recomputed here from the transfer's stored fields and the previous
 * link, the links must be numbered 1, 2, 3 … without a gap, every transfer must be linked, and
 * the head must be the last link. An auditor keeps the head it returns; a later verification
 * whose chain does not pass through that head proves history was rewritten.
 */
@Injectable()
export class ChainService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Reads links, transfers and head in one snapshot (a read-only REPEATABLE READ transaction),
   * so transfers committed while it runs are simply not part of what it checks.
   */
  async verify(): Promise<ChainVerification> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await this.verifyIn(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async verifyIn(manager: EntityManager): Promise<ChainVerification> {
    const verifiedAt = new Date().toISOString();
    let prev = GENESIS_HASH;
    let expectedSeq = 1n;
    let length = 0;
    const broken = (seq: string, transferId: string, reason: string): ChainVerification => ({
      valid: false,
      length,
      head: null,
      brokenAt: { seq, transferId, reason },
      verifiedAt,
    });

    for (;;) {
      const rows = (await manager.query(
        `SELECT l.seq::text AS seq, l.transfer_id, l.prev_hash, l.hash, l.format,
                t.id, t.op, d.key AS debit_key, c.key AS credit_key, t.asset, t.amount::text AS amount, t.code,
                t.pending_id, t.reverses_id, t.caused_by, t.status, t.linked_group, t.content_hash,
                t."references"::text AS "references",
                ${micros('t.created_at')} AS created_us, ${micros('t.timeout_at')} AS timeout_us,
                ${micros('t.expires_at')} AS expires_us
           FROM chain_links l
           LEFT JOIN transfers t ON t.id = l.transfer_id
           LEFT JOIN accounts d ON d.id = t.debit_account_id
           LEFT JOIN accounts c ON c.id = t.credit_account_id
          WHERE l.seq >= $1::bigint
          ORDER BY l.seq
          LIMIT ${PAGE}`,
        [expectedSeq.toString()],
      )) as LinkRow[];
      const ids = rows.filter((r) => r.format === 2 && r.id !== null).map((r) => r.transfer_id);
      const entries = await this.entriesOf(manager, ids);
      const settled = await this.settlementsOf(
        manager,
        rows.filter((r) => r.op === 'pending').map((r) => r.transfer_id),
      );
      for (const row of rows) {
        if (BigInt(row.seq) !== expectedSeq)
          return broken(expectedSeq.toString(), row.transfer_id, `link ${expectedSeq} is missing`);
        if (row.prev_hash !== prev) return broken(row.seq, row.transfer_id, 'the link does not follow the previous one');
        if (row.id === null) return broken(row.seq, row.transfer_id, 'the linked transfer is gone');
        const text = row.format === 2 ? postingTextV2(v2Posting(row, entries.get(row.transfer_id) ?? [])) : v1Text(row);
        if (linkHash(prev, row.seq, text) !== row.hash) {
          return broken(row.seq, row.transfer_id, 'the transfer differs from what was linked');
        }
        if (row.op === 'pending' && row.status !== (settled.get(row.transfer_id) ?? 'pending')) {
          return broken(row.seq, row.transfer_id, `the hold's status (${row.status}) is not what settled it`);
        }
        prev = row.hash;
        expectedSeq += 1n;
        length += 1;
      }
      if (rows.length < PAGE) break;
    }

    const [head] = (await manager.query('SELECT seq::text AS seq, hash FROM chain_head WHERE id = 1')) as {
      seq: string;
      hash: string;
    }[];
    if (!head || head.seq !== String(length) || head.hash !== prev) {
      return broken(head?.seq ?? '0', '', `the head (${head?.seq ?? 'none'}) is not the last link (${length})`);
    }
    const [unlinked] = (await manager.query(
      `SELECT t.id FROM transfers t WHERE NOT EXISTS (SELECT 1 FROM chain_links l WHERE l.transfer_id = t.id) LIMIT 1`,
    )) as { id: string }[];
    if (unlinked) return broken(String(length + 1), unlinked.id, 'a transfer is not in the chain');
    return { valid: true, length, head: length === 0 ? null : { seq: head.seq, hash: head.hash }, brokenAt: null, verifiedAt };
  }

  /** The entries of format-2 transfers, in id order, by transfer. */
  private async entriesOf(manager: EntityManager, ids: string[]): Promise<Map<string, ChainEntry[]>> {
    const byTransfer = new Map<string, ChainEntry[]>();
    if (ids.length === 0) return byTransfer;
    const rows = (await manager.query(
      `SELECT e.transfer_id, e.id::text AS id, a.key AS account_key, e.asset, e.amount::text AS amount,
              e.balance_after::text AS balance_after, ${micros('e.created_at')} AS created_us
         FROM entries e JOIN accounts a ON a.id = e.account_id
        WHERE e.transfer_id = ANY($1::text[])
        ORDER BY e.transfer_id, e.id`,
      [ids],
    )) as EntryRow[];
    for (const e of rows) {
      const list = byTransfer.get(e.transfer_id) ?? [];
      list.push({
        id: e.id,
        accountKey: e.account_key,
        asset: e.asset,
        amount: e.amount,
        balanceAfter: e.balance_after,
        createdMicros: e.created_us,
      });
      byTransfer.set(e.transfer_id, list);
    }
    return byTransfer;
  }

  /** What each hold's status must be: `posted` or `voided` when a post or void names it. */
  private async settlementsOf(manager: EntityManager, holdIds: string[]): Promise<Map<string, string>> {
    const settled = new Map<string, string>();
    if (holdIds.length === 0) return settled;
    const rows = (await manager.query(
      `SELECT pending_id, op FROM transfers WHERE pending_id = ANY($1::text[]) AND op IN ('post', 'void')`,
      [holdIds],
    )) as { pending_id: string; op: 'post' | 'void' }[];
    for (const r of rows) settled.set(r.pending_id, r.op === 'post' ? 'posted' : 'voided');
    return settled;
  }
}

/** A timestamp as whole microseconds since the epoch, as text (exact: extract gives numeric). */
function micros(column: string): string {
  return `((extract(epoch FROM ${column}) * 1000000)::bigint)::text`;
}

function v1Text(row: LinkRow): string {
  return postingText({
    id: row.id!,
    op: row.op!,
    debitKey: row.debit_key!,
    creditKey: row.credit_key!,
    asset: row.asset!,
    amount: row.amount!,
    code: row.code!,
    pendingId: row.pending_id,
    reversesId: row.reverses_id,
    causedBy: row.caused_by!,
    createdMicros: row.created_us!,
  });
}

function v2Posting(row: LinkRow, entries: readonly ChainEntry[]): ChainPostingV2 {
  return {
    id: row.id!,
    op: row.op!,
    status: row.status!,
    debitKey: row.debit_key!,
    creditKey: row.credit_key!,
    asset: row.asset!,
    amount: row.amount!,
    code: row.code!,
    pendingId: row.pending_id,
    reversesId: row.reverses_id,
    timeoutMicros: row.timeout_us,
    expiresMicros: row.expires_us,
    linkedGroup: row.linked_group,
    causedBy: row.caused_by!,
    contentHash: row.content_hash!,
    references: row.references!,
    createdMicros: row.created_us!,
    entries,
  };
}
