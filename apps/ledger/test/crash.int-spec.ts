/**
 * Exactly once through crashes: 50,000 transfer requests (and 2,000 of them sent again) go to
 * ledger.transfer.request.v1 while the ledger *process* is killed with SIGKILL five times at
 * random moments — mid-batch, between the database commit and the Kafka offset commit, wherever
 * it falls. Every restart picks up where the group's committed offsets are; whatever was
 * applied but not yet acknowledged comes again and replays. At the end exactly 50,000 transfers
 * exist, the books balance, every account agrees with its entries and the hash chain is whole.
 *
 * The moments come from a seeded generator; the seed is printed, and GOODLOOP_TEST_SEED=<seed>
 * runs the same schedule again.
 */
import 'reflect-metadata';
import { Topics, topicVersion, type TransferRequestV1 } from '@goodloop/contracts';
import { asUser, seededRandom, testKafkaConfig, testSeed, waitFor } from '@goodloop/common/testing';
import type { ChildProcess } from 'node:child_process';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { admin, ledgerTestConfig, freePort, spawnLedger } from './support/ledger-test-kit';

jest.setTimeout(600_000);

const TOTAL = 50_000;
const REPEATS = 2_000;
const KILLS = 5;
const WALLETS = 400;
const PROGRAMMES = 4;

const config = ledgerTestConfig('crash');
const seed = testSeed();
const random = seededRandom(seed);

describe(`ledger: ${TOTAL} Kafka transfer requests through ${KILLS} SIGKILLs (seed ${seed})`, () => {
  let port: number;
  let child: ChildProcess | undefined;
  let ds: DataSource;
  let producer: Producer;
  const logs: string[] = [];

  const requests: TransferRequestV1[] = Array.from({ length: TOTAL }, (_, i) => ({
    transferId: `crash:${i}`,
    debitAccount: `issuance:crash-${i % PROGRAMMES}`,
    creditAccount: `user:00000000-0000-7000-8000-${String(i % WALLETS).padStart(12, '0')}`,
    asset: 'POINTS',
    amount: 1 + (i % 7),
    code: 'earn',
  }));

  const start = (): ChildProcess => spawnLedger(config, port, logs);

  async function healthy(): Promise<void> {
    await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/internal/health`);
        const body = (await response.json()) as { checks?: { kafkaConsumer?: { state?: string } } };
        return body.checks?.kafkaConsumer?.state;
      },
      (state) => state === 'running',
      {
        what: `the ledger process on ${port} to consume (logs: ${logs.slice(-5).join(' | ')})`,
        timeoutMs: 90_000,
        intervalMs: 250,
      },
    );
  }

  async function kill(proc: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }

  async function applied(): Promise<number> {
    const [row] = (await ds.query(`SELECT count(*)::int AS n FROM transfers WHERE id LIKE 'crash:%'`)) as { n: number }[];
    return row?.n ?? 0;
  }

  async function produce(slice: TransferRequestV1[]): Promise<void> {
    for (let at = 0; at < slice.length; at += 1_000) {
      await producer.send({
        topic: config.KAFKA_TOPIC_PREFIX + Topics.TransferRequestV1,
        acks: -1,
        messages: slice.slice(at, at + 1_000).map((payload) => ({
          key: payload.debitAccount,
          value: JSON.stringify({
            id: uuidv7(),
            type: Topics.TransferRequestV1,
            version: topicVersion(Topics.TransferRequestV1),
            occurredAt: new Date().toISOString(),
            producer: 'crash-test',
            correlationId: uuidv7(),
            payload,
          }),
        })),
      });
    }
  }

  async function internal(path: string, method = 'GET'): Promise<unknown> {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: asUser(admin()),
    });
    expect(response.status).toBeLessThan(300);
    return response.json();
  }

  beforeAll(async () => {
    port = await freePort();
    const kafka = new Kafka({
      clientId: 'crash-test',
      ...testKafkaConfig(),
      logLevel: logLevel.NOTHING,
    });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    if (child && child.exitCode === null) await kill(child);
    await producer?.disconnect();
    await ds?.destroy();
  });

  it('applies every transfer exactly once, balances, and keeps the chain whole', async () => {
    // The messages in six slices, with every 25th sent twice somewhere later.
    const repeats = requests.filter((_, i) => i % 25 === 0).slice(0, REPEATS);
    const all = [...requests, ...repeats];
    const slices = Array.from({ length: KILLS + 1 }, (_, k) =>
      all.slice(Math.floor((k * all.length) / (KILLS + 1)), Math.floor(((k + 1) * all.length) / (KILLS + 1))),
    );

    child = start();
    await healthy(); // migrations done, topics created, the group joined
    ds = new DataSource({ type: 'postgres', url: config.DATABASE_URL });
    await ds.initialize();

    const kills: string[] = [];
    for (let k = 0; k < KILLS; k += 1) {
      const before = await applied();
      await produce(slices[k]!);
      // Kill it once it is under way with this slice, at a random moment after that.
      await waitFor(applied, (n) => n > before, { what: `progress after restart ${k}`, timeoutMs: 120_000, intervalMs: 20 });
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 1_500)));
      const at = await applied();
      await kill(child);
      kills.push(`${at}`);
      child = start();
      await healthy();
    }
    await produce(slices[KILLS]!);

    await waitFor(applied, (n) => n === TOTAL, {
      what: `all ${TOTAL} transfers (killed at ${kills.join(', ')})`,
      timeoutMs: 300_000,
    });
    expect(kills).toHaveLength(KILLS);

    // Every request applied once: 50,000 transfers, two entries each, the exact amounts.
    const [totals] = (await ds.query(
      `SELECT count(*)::int AS transfers, sum(amount)::text AS amount,
              (SELECT count(*)::int FROM entries) AS entries
         FROM transfers WHERE id LIKE 'crash:%'`,
    )) as { transfers: number; amount: string; entries: number }[];
    expect(totals).toEqual({
      transfers: TOTAL,
      amount: String(requests.reduce((sum, r) => sum + r.amount, 0)),
      entries: 2 * TOTAL,
    });

    // The books balance, every account agrees with its history, the chain covers everything.
    const trial = (await internal('/internal/trial-balance')) as { assets: { asset: string; sum: number; balanced: boolean }[] };
    expect(trial.assets).toContainEqual(expect.objectContaining({ asset: 'POINTS', sum: 0, balanced: true }));
    const reconciliation = (await internal('/internal/reconciliation/run', 'POST')) as { status: string; drifts: unknown[] };
    expect(reconciliation).toMatchObject({ status: 'ok', drifts: [] });
    const chain = (await internal('/internal/chain/verify')) as { valid: boolean; length: number };
    expect(chain).toMatchObject({ valid: true, length: TOTAL });

    // Each wallet holds exactly what its requests sent it.
    const expected = new Map<string, number>();
    for (const r of requests) expected.set(r.creditAccount, (expected.get(r.creditAccount) ?? 0) + r.amount);
    const wallets = (await ds.query(
      `SELECT key, (credits_posted - debits_posted)::text AS balance FROM accounts WHERE key LIKE 'user:%'`,
    )) as { key: string; balance: string }[];
    expect(wallets).toHaveLength(WALLETS);
    for (const w of wallets) expect(Number(w.balance)).toBe(expected.get(w.key));
  });
});
