import type { DataSource } from 'typeorm';

/**
 * The ledger as the tables a reviewer reads: every transfer in chain order, every entry with its
 * running balance, every account's balance and holds, and the trial balance. `name` rewrites an
 * id or an account key for print (a story replaces generated ids by the names of its people);
 * the columns are laid out after it.
 */
export async function printLedger(
  ds: DataSource,
  trial: { asset: string; accounts: number; debits: number; credits: number; sum: number; balanced: boolean }[],
  name: (text: string) => string = (text) => text,
): Promise<string> {
  // In the order the hash chain linked them: the order they were written.
  const transfers = (await ds.query(
    `SELECT l.seq::text AS seq, t.id, t.op, t.status, t.code, t.asset, t.amount::text AS amount, d.key AS debit, c.key AS credit
       FROM chain_links l JOIN transfers t ON t.id = l.transfer_id
       JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id
      ORDER BY l.seq`,
  )) as Record<string, string>[];
  const entries = (await ds.query(
    `SELECT e.transfer_id, a.key, e.amount::text AS amount, e.balance_after::text AS balance_after
       FROM entries e JOIN accounts a ON a.id = e.account_id ORDER BY e.id`,
  )) as Record<string, string>[];
  const accounts = (await ds.query(
    `SELECT key, asset, kind, (credits_posted - debits_posted)::text AS balance, debits_pending::text AS held
       FROM accounts ORDER BY asset, key`,
  )) as Record<string, string>[];
  // By asset, then by the printed name (a story's names need not sort as the ids they replace).
  accounts.sort((a, b) => a.asset!.localeCompare(b.asset!) || name(a.key!).localeCompare(name(b.key!)));
  const lines = [
    '',
    'transfers',
    `  ${'#'.padEnd(4)}${'id'.padEnd(34)}${'op'.padEnd(9)}${'status'.padEnd(8)}${'code'.padEnd(9)}${'asset'.padEnd(7)}${'amount'.padStart(7)}  ${'from'.padEnd(27)}to`,
    ...transfers.map(
      (t) =>
        `  ${t.seq!.padEnd(4)}${name(t.id!).padEnd(34)}${t.op!.padEnd(9)}${t.status!.padEnd(8)}${t.code!.padEnd(9)}${t.asset!.padEnd(7)}${t.amount!.padStart(7)}  ${name(t.debit!).padEnd(27)}${name(t.credit!)}`,
    ),
    '',
    'entries',
    `  ${'#'.padEnd(4)}${'transfer'.padEnd(34)}${'account'.padEnd(30)}${'amount'.padStart(8)}  ${'balance after'.padStart(13)}`,
    ...entries.map(
      (e, i) =>
        `  ${String(i + 1).padEnd(4)}${name(e.transfer_id!).padEnd(34)}${name(e.key!).padEnd(30)}${e.amount!.padStart(8)}  ${e.balance_after!.padStart(13)}`,
    ),
    '',
    'balances',
    `  ${'account'.padEnd(30)}${'asset'.padEnd(8)}${'kind'.padEnd(16)}${'balance'.padStart(8)}${'held'.padStart(6)}`,
    ...accounts.map(
      (a) =>
        `  ${name(a.key!).padEnd(30)}${a.asset!.padEnd(8)}${a.kind!.padEnd(16)}${a.balance!.padStart(8)}${a.held!.padStart(6)}`,
    ),
    '',
    'trial balance',
    ...trial.map(
      (t) =>
        `  ${t.asset.padEnd(8)}accounts ${t.accounts}  debits ${t.debits}  credits ${t.credits}  sum ${t.sum}  ${t.balanced ? 'balanced' : 'NOT BALANCED'}`,
    ),
    '',
  ];
  return lines.map((line) => line.trimEnd()).join('\n');
}
