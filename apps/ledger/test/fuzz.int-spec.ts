/**
 * Random operations against the real ledger — issue, spend, hold, post, void, reverse, expire —
 * sent in concurrent rounds, shuffled, with commands repeated within a round and in later ones.
 * Whatever order the database saw them in, after every run the invariants hold:
 *
 *  - every asset's balances sum to zero and every account agrees with its entries and holds;
 *  - no wallet is below zero, and none holds more than it has;
 *  - each transfer id names one transfer: every answer for it, first or repeated, describes
 *    the same movement, and a movement has exactly its two entries (a hold or a void none);
 *  - a hold is settled at most once, posted for no more than it held; a transfer is reversed
 *    for no more than it moved;
 *  - the hash chain links every transfer, and sending every command once more changes nothing;
 *  - replayed in the order the engine applied them (the chain's), the stored movements are
 *    each allowed by the rules as `src/domain` states them in TypeScript (`assertPostable`),
 *    and leave every account with exactly the totals the engine stored: the SQL engine and the
 *    TypeScript rules agree.
 *
 * The runs come from a seed, printed in the test's name and in any failure;
 * GOODLOOP_TEST_SEED=<seed> replays them.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { seededRandom, testSeed, waitFor } from '@goodloop/common/testing';
import type { TransferCode } from '@goodloop/contracts';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ChainService } from '../src/chain/chain.service';
import { assertPostable, transferContentHash, type AccountBalances, type LedgerCommand } from '../src/domain';
import { ExpiryService } from '../src/expiry/expiry.service';
import { ReconciliationService } from '../src/reconciliation/reconciliation.service';
import { isRejection, type EngineResult } from '../src/transfers/transfer-result';
import { LedgerEngine } from '../src/transfers/ledger-engine';
import { ledgerTestConfig, startLedger } from './support/ledger-test-kit';

jest.setTimeout(300_000);

const RUNS = 6;
const ROUNDS = 12;
const ROUND_SIZE = 30;
const seed = testSeed();

describe(`ledger: seeded random operations (seed ${seed})`, () => {
  let app: INestApplication;
  let ds: DataSource;
  let engine: LedgerEngine;

  beforeAll(async () => {
    app = await startLedger(ledgerTestConfig('fuzz'));
    ds = app.get(DataSource);
    engine = app.get(LedgerEngine);
  });

  afterAll(async () => {
    await app?.close();
  });

  it(`keeps every invariant over ${RUNS} runs of ${ROUNDS} concurrent rounds`, async () => {
    const random = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

    for (let run = 0; run < RUNS; run += 1) {
      const tag = uuidv7().slice(-12);
      const programme = `fuzz-${tag}`;
      const wallets = Array.from(
        { length: 5 },
        (_, i) => `user:00000000-0000-7000-9000-${tag.slice(0, 10)}${String(i).padStart(2, '0')}`,
      );
      const sink = `sink:redemption:${tag}`;
      const sent: LedgerCommand[] = [];
      const answers = new Map<string, EngineResult[]>();
      const holds: string[] = [];
      const movements: string[] = [];
      let n = 0;
      const id = (kind: string): string => `${kind}:${tag}:${(n += 1)}`;

      const generate = (): LedgerCommand => {
        const roll = random();
        const wallet = pick(wallets);
        if (roll < 0.25 || movements.length === 0) {
          // Issue, sometimes as points that have already lapsed (so expiry has work).
          const command: LedgerCommand = {
            op: 'transfer',
            transferId: id('issue'),
            debitAccount: `issuance:${programme}`,
            creditAccount: wallet,
            asset: 'POINTS',
            amount: int(1, 40),
            code: 'earn',
            ...(random() < 0.3 ? { expiresAt: new Date(Date.now() - 1000).toISOString() } : {}),
          };
          return command;
        }
        if (roll < 0.45) {
          return {
            op: 'transfer',
            transferId: id('spend'),
            debitAccount: wallet,
            creditAccount: sink,
            asset: 'POINTS',
            amount: int(1, 30),
            code: 'redeem',
          };
        }
        if (roll < 0.6) {
          return {
            op: 'pending',
            transferId: id('hold'),
            debitAccount: wallet,
            creditAccount: sink,
            asset: 'POINTS',
            amount: int(1, 25),
            code: 'redeem',
            timeoutSeconds: 3600,
          };
        }
        if (roll < 0.72 && holds.length > 0) {
          return {
            op: 'post',
            transferId: id('post'),
            pendingId: pick(holds),
            ...(random() < 0.5 ? { amount: int(1, 25) } : {}),
          };
        }
        if (roll < 0.82 && holds.length > 0) {
          return { op: 'void', transferId: id('void'), pendingId: pick(holds) };
        }
        if (roll < 0.92) {
          return {
            op: 'reverse',
            transferId: id('reverse'),
            reversesId: pick(movements),
            ...(random() < 0.5 ? { amount: int(1, 20) } : {}),
          };
        }
        // Wallet to wallet.
        const other = pick(wallets.filter((w) => w !== wallet));
        return {
          op: 'transfer',
          transferId: id('gift'),
          debitAccount: wallet,
          creditAccount: other,
          asset: 'POINTS',
          amount: int(1, 15),
          code: 'adjust',
        };
      };

      const apply = async (commands: LedgerCommand[]): Promise<void> => {
        // Each command its own request, all at once: the engine batches them as it does HTTP calls.
        const results = await Promise.all(
          commands.map((c) =>
            engine.apply([{ commands: [c], origin: { causedBy: 'test:fuzz', correlationId: '' } }]).then((r) => r[0]![0]!),
          ),
        );
        commands.forEach((c, i) => {
          const result = results[i]!;
          answers.set(c.transferId, [...(answers.get(c.transferId) ?? []), result]);
          if (isRejection(result)) return;
          if (c.op === 'pending') holds.push(c.transferId);
          if (c.op === 'transfer' || c.op === 'post') movements.push(c.transferId);
        });
      };

      try {
        for (let round = 0; round < ROUNDS; round += 1) {
          const fresh = Array.from({ length: ROUND_SIZE }, generate);
          sent.push(...fresh);
          // Repeats from this round and from earlier ones, then the whole round shuffled.
          const repeats = Array.from({ length: 8 }, () => pick(sent));
          const round_ = [...fresh, ...repeats].sort(() => random() - 0.5);
          await apply(round_);
          if (round % 4 === 3) {
            const expiry = app.get(ExpiryService);
            for (const w of wallets) await expiry.expireWallet(w, new Date());
          }
        }
        // Every accepted command once more, in another order: nothing may change.
        const before = await snapshot(ds);
        const accepted = sent.filter((c) => (answers.get(c.transferId) ?? []).some((r) => !isRejection(r)));
        await apply([...accepted].sort(() => random() - 0.5));
        expect(await snapshot(ds)).toEqual(before);

        await checkInvariants(app, ds, answers);
      } catch (error) {
        throw new Error(`seed ${seed}, run ${run}: ${(error as Error).message}`, { cause: error });
      }
    }
    // The runs did exercise every kind of operation, not only the easy ones.
    const ops = (await ds.query(
      `SELECT op, count(*)::int AS n FROM transfers GROUP BY op
       UNION ALL SELECT 'expire', count(*)::int FROM transfers WHERE code = 'expire'`,
    )) as { op: string; n: number }[];
    const counts = Object.fromEntries(ops.map((o) => [o.op, o.n]));
    for (const op of ['transfer', 'pending', 'post', 'void', 'reverse', 'expire']) {
      expect({ op, some: (counts[op] ?? 0) > 0 }).toEqual({ op, some: true });
    }
  });
});

async function snapshot(ds: DataSource): Promise<unknown> {
  return ds.query(
    `SELECT (SELECT count(*)::int FROM transfers) AS transfers, (SELECT count(*)::int FROM entries) AS entries,
            (SELECT coalesce(sum(credits_posted - debits_posted), 0)::text FROM accounts WHERE kind = 'user_wallet') AS wallets,
            (SELECT count(*)::int FROM chain_links) AS links`,
  );
}

async function checkInvariants(app: INestApplication, ds: DataSource, answers: Map<string, EngineResult[]>): Promise<void> {
  // Balances: zero per asset, each account equal to its history, no wallet below zero.
  const sums = (await ds.query(
    `SELECT asset, sum(credits_posted - debits_posted)::text AS sum FROM accounts GROUP BY asset`,
  )) as {
    asset: string;
    sum: string;
  }[];
  for (const s of sums) expect(s).toEqual({ asset: s.asset, sum: '0' });
  const reconciliation = await app.get(ReconciliationService).run();
  expect(reconciliation.drifts).toEqual([]);
  const negative = (await ds.query(
    `SELECT key FROM accounts WHERE NOT allow_negative AND credits_posted - debits_posted - debits_pending < 0`,
  )) as unknown[];
  expect(negative).toEqual([]);
  const negativeEntries = (await ds.query(
    `SELECT e.id FROM entries e JOIN accounts a ON a.id = e.account_id WHERE NOT a.allow_negative AND e.balance_after < 0`,
  )) as unknown[];
  expect(negativeEntries).toEqual([]);

  // One movement per id, as every answer describes it; entries only for movements.
  const rows = (await ds.query(
    `SELECT t.id, t.op, t.amount::text AS amount, t.status, (SELECT count(*)::int FROM entries e WHERE e.transfer_id = t.id) AS entries
       FROM transfers t`,
  )) as { id: string; op: string; amount: string; status: string; entries: number }[];
  const stored = new Map(rows.map((r) => [r.id, r]));
  for (const [id, list] of answers) {
    const accepted = list.filter((r) => !isRejection(r));
    const row = stored.get(id);
    if (accepted.length === 0) continue; // refused every time: the id is free, and nothing moved under it
    expect(row).toBeDefined();
    for (const a of accepted) {
      if (isRejection(a)) continue;
      expect({ id: a.transferId, op: a.op, amount: String(a.amount) }).toEqual({ id: row!.id, op: row!.op, amount: row!.amount });
    }
    expect(accepted.filter((a) => !isRejection(a) && !a.replayed)).toHaveLength(1);
  }
  for (const row of rows) {
    expect({ id: row.id, entries: row.entries }).toEqual({
      id: row.id,
      entries: ['transfer', 'post', 'reverse'].includes(row.op) ? 2 : 0,
    });
  }

  // Holds settle once, for no more than they held; reversals stay within what moved.
  const settled = (await ds.query(
    `SELECT p.id, p.status, p.amount::bigint AS held,
            count(s.id) FILTER (WHERE s.op = 'post')::int AS posts, count(s.id) FILTER (WHERE s.op = 'void')::int AS voids,
            coalesce(max(s.amount) FILTER (WHERE s.op = 'post'), 0)::bigint AS posted
       FROM transfers p LEFT JOIN transfers s ON s.pending_id = p.id
      WHERE p.op = 'pending' GROUP BY p.id`,
  )) as { id: string; status: string; held: string; posts: number; voids: number; posted: string }[];
  for (const h of settled) {
    expect(h.posts + h.voids).toBeLessThanOrEqual(1);
    expect(h.status).toBe(h.posts === 1 ? 'posted' : h.voids === 1 ? 'voided' : 'pending');
    expect(BigInt(h.posted)).toBeLessThanOrEqual(BigInt(h.held));
  }
  const over = (await ds.query(
    `SELECT o.id FROM transfers o JOIN transfers r ON r.reverses_id = o.id GROUP BY o.id, o.amount HAVING sum(r.amount) > o.amount`,
  )) as unknown[];
  expect(over).toEqual([]);

  // The chain links everything.
  const chain = await waitFor(
    () => app.get(ChainService).verify(),
    (v) => v.valid,
    { what: 'a valid chain', timeoutMs: 5_000 },
  );
  expect(chain.length).toBe(rows.length);

  await replayThroughRules(ds);
}

interface StoredMovement {
  id: string;
  op: 'transfer' | 'pending' | 'post' | 'void' | 'reverse';
  debit: string;
  credit: string;
  asset: 'POINTS' | 'CNY';
  amount: string;
  code: TransferCode;
  pending_id: string | null;
  content_hash: string;
}

/**
 * The TypeScript rules as a model of the engine. Every stored transfer, in chain order, is
 * checked with `assertPostable` against the model's accounts before it is applied to them; at
 * the end the model's totals must equal the stored ones, column by column. A plain transfer's
 * stored content hash must be the one `transferContentHash` gives.
 */
async function replayThroughRules(ds: DataSource): Promise<void> {
  const stored = (await ds.query(
    `SELECT key, asset, allow_negative, frozen, debits_posted::text, credits_posted::text, debits_pending::text,
            credits_pending::text
       FROM accounts`,
  )) as {
    key: string;
    asset: 'POINTS' | 'CNY';
    allow_negative: boolean;
    frozen: boolean;
    debits_posted: string;
    credits_posted: string;
    debits_pending: string;
    credits_pending: string;
  }[];
  const model = new Map<string, AccountBalances>(
    stored.map((a) => [
      `${a.key}|${a.asset}`,
      {
        key: a.key,
        asset: a.asset,
        allowNegative: a.allow_negative,
        frozen: false,
        debitsPosted: 0,
        creditsPosted: 0,
        debitsPending: 0,
        creditsPending: 0,
      },
    ]),
  );
  const movements = (await ds.query(
    `SELECT t.id, t.op, d.key AS debit, c.key AS credit, t.asset, t.amount::text AS amount, t.code, t.pending_id, t.content_hash
       FROM chain_links l JOIN transfers t ON t.id = l.transfer_id
       JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id
      ORDER BY l.seq`,
  )) as StoredMovement[];
  const holds = new Map<string, number>();
  for (const m of movements) {
    const debit = model.get(`${m.debit}|${m.asset}`)!;
    const credit = model.get(`${m.credit}|${m.asset}`)!;
    const amount = Number(m.amount);
    const release = (held: number): void => {
      debit.debitsPending -= held;
      credit.creditsPending -= held;
    };
    const move = (): void => {
      assertPostable(debit, credit, m.asset, amount);
      debit.debitsPosted += amount;
      credit.creditsPosted += amount;
    };
    switch (m.op) {
      case 'transfer':
        expect({ id: m.id, hash: m.content_hash }).toEqual({
          id: m.id,
          hash: transferContentHash({
            transferId: m.id,
            debitAccount: m.debit,
            creditAccount: m.credit,
            asset: m.asset,
            amount,
            code: m.code,
          }),
        });
        move();
        break;
      case 'reverse':
        move();
        break;
      case 'pending':
        assertPostable(debit, credit, m.asset, amount);
        debit.debitsPending += amount;
        credit.creditsPending += amount;
        holds.set(m.id, amount);
        break;
      case 'post':
        // The whole hold is released, then the posted part (at most the hold) moves.
        release(holds.get(m.pending_id!)!);
        move();
        break;
      case 'void':
        release(holds.get(m.pending_id!)!);
        break;
    }
  }
  const totals = (a: { debitsPosted: number; creditsPosted: number; debitsPending: number; creditsPending: number }) =>
    [a.debitsPosted, a.creditsPosted, a.debitsPending, a.creditsPending].map(String);
  for (const a of stored) {
    expect({ account: a.key, totals: totals(model.get(`${a.key}|${a.asset}`)!) }).toEqual({
      account: a.key,
      totals: [a.debits_posted, a.credits_posted, a.debits_pending, a.credits_pending],
    });
  }
}
