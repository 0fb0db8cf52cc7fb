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
}

/**
 * The canonical text of a posting that the chain hashes: the same fields, in the same order,
 * that `ledger_chain` (database/sql) joins with `|`.
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
        `SELECT l.seq::text AS seq, l.transfer_id, l.prev_hash, l.hash,
                t.id, t.op, d.key AS debit_key, c.key AS credit_key, t.asset, t.amount::text AS amount, t.code,
                t.pending_id, t.reverses_id, t.caused_by,
                ((extract(epoch FROM t.created_at) * 1000000)::bigint)::text AS created_us
           FROM chain_links l
           LEFT JOIN transfers t ON t.id = l.transfer_id
           LEFT JOIN accounts d ON d.id = t.debit_account_id
           LEFT JOIN accounts c ON c.id = t.credit_account_id
          WHERE l.seq >= $1::bigint
          ORDER BY l.seq
          LIMIT ${PAGE}`,
        [expectedSeq.toString()],
      )) as LinkRow[];
      for (const row of rows) {
        if (BigInt(row.seq) !== expectedSeq)
          return broken(expectedSeq.toString(), row.transfer_id, `link ${expectedSeq} is missing`);
        if (row.prev_hash !== prev) return broken(row.seq, row.transfer_id, 'the link does not follow the previous one');
        if (row.id === null) return broken(row.seq, row.transfer_id, 'the linked transfer is gone');
        const text = postingText({
          id: row.id,
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
        if (linkHash(prev, row.seq, text) !== row.hash) {
          return broken(row.seq, row.transfer_id, 'the transfer differs from what was linked');
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
}
