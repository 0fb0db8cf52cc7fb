/**
 * The ledger under many truly concurrent HTTP clients: a wallet spent down by 32 clients at once
 * never goes below zero and loses no point, PostgreSQL never has to break a deadlock, and a
 * transfer id sent many times at once (and reused with other content) is applied exactly once.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { seededRandom } from '@goodloop/common/testing';
import { admin, asUser, balanceOf, countRows, dataSourceOf, ledgerTestConfig, startLedger } from './support/ledger-test-kit';

const config = ledgerTestConfig('concurrency');
const ISSUANCE = 'issuance:community-points';
const SINK = 'sink:redemption';

jest.setTimeout(120_000);

interface Answer {
  status: number;
  body: { code?: string; replayed?: boolean; [field: string]: unknown };
}

/** A client of the ledger's HTTP port on its own keep-alive sockets, as a busy caller would be. */
function httpClient(port: number, headers: Record<string, string>, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const post = (path: string, body: object): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const payload = Buffer.from(JSON.stringify(body));
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Answer['body']) : {} });
            } catch (error) {
              reject(new Error(`unreadable answer ${res.statusCode ?? '?'}: ${text.slice(0, 200)} (${String(error)})`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return { post, close: () => agent.destroy() };
}

/** Runs `tasks` with at most `limit` in flight; answers in task order. */
async function boundedAll<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const at = next++;
        out[at] = await tasks[at]!();
      }
    }),
  );
  return out;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

describe('ledger: concurrency', () => {
  let app: INestApplication;
  let ds: DataSource;
  let port: number;
  const operator = admin();

  const post = (body: object) => request(app.getHttpServer()).post('/internal/transfers').set(asUser(operator)).send(body);

  /**
   * PostgreSQL's deadlock counter for this database. Backends report their counters when idle
   * and at most once a second, so first make every pooled connection go idle more than a second
   * after its last report; then read a fresh snapshot.
   */
  async function deadlocks(): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await Promise.all(Array.from({ length: 12 }, () => ds.query('SELECT pg_sleep(0.05)')));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await ds.query('SELECT pg_stat_clear_snapshot()');
    const [row] = (await ds.query('SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()')) as {
      n: number;
    }[];
    return row!.n;
  }

  beforeAll(async () => {
    app = await startLedger(config);
    ds = dataSourceOf(app);
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('32 clients × 100 concurrent one-point spends against a balance of 1,000', async () => {
    const wallet = `user:${uuidv7()}`;
    await post({
      transferId: `adjust:${uuidv7()}`,
      debitAccount: ISSUANCE,
      creditAccount: wallet,
      asset: 'POINTS',
      amount: 1_000,
      code: 'adjust',
    }).expect(201);
    const deadlocksBefore = await deadlocks();

    const client = httpClient(port, asUser(operator), 32);
    const answers = (
      await Promise.all(
        Array.from({ length: 32 }, async (_, worker) => {
          const mine: Answer[] = [];
          for (let i = 0; i < 100; i++) {
            mine.push(
              await client.post('/internal/transfers', {
                transferId: `redeem:c${worker}:${i}:${uuidv7()}`,
                debitAccount: wallet,
                creditAccount: SINK,
                asset: 'POINTS',
                amount: 1,
                code: 'redeem',
              }),
            );
          }
          return mine;
        }),
      )
    ).flat();
    client.close();

    expect(answers).toHaveLength(3_200);
    const byStatus = new Map<number, number>();
    for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 201: 1_000, 409: 2_200 });
    expect(answers.filter((a) => a.status >= 500)).toHaveLength(0);
    expect(answers.filter((a) => a.body.code === 'LEDGER_BUSY')).toHaveLength(0);
    expect(answers.filter((a) => a.status === 409 && a.body.code !== 'INSUFFICIENT_FUNDS')).toHaveLength(0);
    expect(answers.filter((a) => a.status === 201 && (a.body.amount !== 1 || a.body.status !== 'posted'))).toHaveLength(0);

    expect(await balanceOf(ds, wallet)).toBe(0);
    expect(await balanceOf(ds, SINK)).toBe(1_000);
    const running = (
      (await ds.query(
        `SELECT e.balance_after::int AS b FROM entries e JOIN accounts a ON a.id = e.account_id
          WHERE a.key = $1 ORDER BY e.id`,
        [wallet],
      )) as { b: number }[]
    ).map((r) => r.b);
    expect(running.every((b) => b >= 0)).toBe(true);
    // The opening 1,000, then 999, 998 … 0: each value once, in the order of posting.
    expect(running).toEqual(Array.from({ length: 1_001 }, (_, i) => 1_000 - i));
    expect(
      await countRows(
        ds,
        `SELECT 1 FROM transfers t JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id
          WHERE d.key = $1 AND c.key = $2`,
        [wallet, SINK],
      ),
    ).toBe(1_000);

    const trial = await request(app.getHttpServer()).get('/internal/trial-balance').set(asUser(operator)).expect(200);
    expect(trial.body.assets).toContainEqual(expect.objectContaining({ asset: 'POINTS', sum: 0, balanced: true }));
    expect(await deadlocks()).toBe(deadlocksBefore);
  });

  it('1,000 transfer ids each sent 5 times concurrently plus 100 reused ids with different content', async () => {
    const FUNDS = 1_000_000;
    const sources = Array.from({ length: 8 }, () => `user:${uuidv7()}`);
    const targets = Array.from({ length: 40 }, () => `user:${uuidv7()}`);
    const strangers = Array.from({ length: 10 }, () => `user:${uuidv7()}`);
    for (const source of [...sources, ...strangers]) {
      await post({
        transferId: `adjust:${uuidv7()}`,
        debitAccount: ISSUANCE,
        creditAccount: source,
        asset: 'POINTS',
        amount: FUNDS,
        code: 'adjust',
      }).expect(201);
    }

    interface Content {
      transferId: string;
      debitAccount: string;
      creditAccount: string;
      asset: 'POINTS';
      amount: number;
      code: 'adjust';
    }
    const run = uuidv7();
    const originals: Content[] = Array.from({ length: 1_000 }, (_, i) => ({
      transferId: `adjust:${run}:${i}`,
      debitAccount: sources[i % sources.length]!,
      creditAccount: targets[(i * 7) % targets.length]!,
      asset: 'POINTS',
      amount: 1 + (i % 97),
      code: 'adjust',
    }));
    // Every tenth id is reused with other content: another amount, another payee or another payer.
    const others = new Map<string, Content>();
    for (let k = 0; k < 100; k++) {
      const original = originals[k * 10]!;
      const other: Content =
        k % 3 === 0
          ? { ...original, amount: original.amount + 1_000 }
          : k % 3 === 1
            ? { ...original, creditAccount: strangers[k % strangers.length]! }
            : { ...original, debitAccount: strangers[k % strangers.length]! };
      others.set(original.transferId, other);
    }

    const sends = shuffle(
      [
        ...originals.flatMap((content) => Array.from({ length: 5 }, () => ({ content, other: false }))),
        ...[...others.values()].map((content) => ({ content, other: true })),
      ],
      seededRandom(20_240_611),
    );
    expect(sends).toHaveLength(5_100);

    const client = httpClient(port, asUser(operator), 64);
    const answers = await boundedAll(
      sends.map((send) => () => client.post('/internal/transfers', send.content)),
      64,
    );
    client.close();

    expect(answers.filter((a) => a.status >= 500)).toHaveLength(0);
    const ids = originals.map((o) => o.transferId);
    expect(await countRows(ds, 'SELECT 1 FROM transfers WHERE id = ANY($1)', [ids])).toBe(1_000);

    const stored = new Map(
      (
        (await ds.query(
          `SELECT t.id, t.amount::int AS amount, d.key AS debit, c.key AS credit FROM transfers t
             JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id
            WHERE t.id = ANY($1)`,
          [ids],
        )) as { id: string; amount: number; debit: string; credit: string }[]
      ).map((row) => [row.id, row]),
    );
    const same = (a: Content, row: { amount: number; debit: string; credit: string }) =>
      a.amount === row.amount && a.debitAccount === row.debit && a.creditAccount === row.credit;

    // Which content each id holds: the original, or for a reused id whichever came first.
    const expected = new Map<string, number>();
    const add = (key: string, amount: number) => expected.set(key, (expected.get(key) ?? 0) + amount);
    let otherWins = 0;
    for (const original of originals) {
      const row = stored.get(original.transferId)!;
      const other = others.get(original.transferId);
      const winner = same(original, row) ? original : other && same(other, row) ? other : undefined;
      expect({ id: original.transferId, applied: winner !== undefined }).toEqual({ id: original.transferId, applied: true });
      if (winner === other) otherWins += 1;
      add(winner!.debitAccount, -winner!.amount);
      add(winner!.creditAccount, winner!.amount);
    }

    // Per id: the winning content's answers are one 201 and replays of it; the losing content's all 409.
    const answersById = new Map<string, { content: Content; answer: Answer }[]>();
    sends.forEach((send, at) => {
      const list = answersById.get(send.content.transferId) ?? [];
      list.push({ content: send.content, answer: answers[at]! });
      answersById.set(send.content.transferId, list);
    });
    const problems: string[] = [];
    for (const [id, list] of answersById) {
      const row = stored.get(id)!;
      const winning = list.filter((x) => same(x.content, row));
      const losing = list.filter((x) => !same(x.content, row));
      const created = winning.filter((x) => x.answer.status === 201);
      if (created.length !== 1) problems.push(`${id}: ${created.length} answers 201`);
      if (winning.some((x) => x.answer.status !== 201 && x.answer.status !== 200)) {
        problems.push(`${id}: winning content answered ${winning.map((x) => x.answer.status).join(',')}`);
      }
      const first = created[0]?.answer.body;
      for (const x of winning) {
        if (x.answer.status === 200 && !isDeepStrictEqual({ ...x.answer.body, replayed: false }, first)) {
          problems.push(`${id}: a replay differs from the first answer`);
        }
        if (x.answer.body.replayed !== (x.answer.status === 200)) problems.push(`${id}: replayed flag wrong`);
      }
      for (const x of losing) {
        if (x.answer.status !== 409 || x.answer.body.code !== 'TRANSFER_ID_CONFLICT') {
          problems.push(`${id}: other content answered ${x.answer.status} ${x.answer.body.code ?? ''}`);
        }
      }
    }
    expect(problems).toEqual([]);
    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    expect(statuses.get(201)).toBe(1_000);
    // 100 reused ids: each loses 1 request (other content came second) or 5 (it came first).
    expect(statuses.get(409)).toBe(100 - otherWins + 5 * otherWins);
    expect(statuses.get(200)).toBe(5_100 - 1_000 - (100 - otherWins + 5 * otherWins));

    for (const key of [...sources, ...targets, ...strangers]) {
      const opening = sources.includes(key) || strangers.includes(key) ? FUNDS : 0;
      expect({ key, balance: await balanceOf(ds, key) }).toEqual({ key, balance: opening + (expected.get(key) ?? 0) });
    }
    const trial = await request(app.getHttpServer()).get('/internal/trial-balance').set(asUser(operator)).expect(200);
    expect(trial.body.assets).toContainEqual(expect.objectContaining({ asset: 'POINTS', sum: 0, balanced: true }));
  });
});
