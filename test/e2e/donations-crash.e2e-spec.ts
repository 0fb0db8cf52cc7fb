/**
 * The redemption saga through crashes: residents redeem while the donations *process* is killed
 * with SIGKILL at seeded random moments — before its commit, between its commit and the outbox
 * relay, between the ledger's answer and its consumer — and started again. Every request that
 * got no answer is retried with its Idempotency-Key, as a phone would. Afterwards no redemption
 * is stuck, every held one has exactly its points held in the ledger and its stock reserved,
 * every refused one neither, and there is no hold in the ledger without a redemption. Then the
 * held ones are cancelled through another kill: all points and all stock come back.
 *
 * GOODLOOP_TEST_SEED=<seed> runs the same kill schedule again.
 */
import { seededRandom, testSeed, waitFor } from '@goodloop/common/testing';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { demo, Platform } from './platform';

jest.setTimeout(300_000);

const RESIDENTS = 45;
const STOCK = 30;
const PRICE = 40;
const GRANT = 100;
const ROUNDS = 3;

const seed = testSeed();
const random = seededRandom(seed);

interface Answer {
  status: number;
  body: { id?: string; status?: string; code?: string };
}

describe(`redemptions through SIGKILLs of the donations process (seed ${seed})`, () => {
  const platform = new Platform('e2e_donations_crash', { RATE_LIMIT_WRITES_PER_MINUTE: '10000', SERVICE_TIMEOUT_MS: '8000' });
  const logs: string[] = [];
  let child: ChildProcess | undefined;
  let admin: string;
  let business: string;
  let foundation: string;
  let businessOrg: string;
  let rewardId: string;
  let residents: { token: string; userId: string }[];
  let donationsDb: Client;
  /** Requests the kills left without an answer: the test is about them. */
  let cutOff = 0;

  const as = (token: string) => ({
    post: (path: string, body: object = {}, key?: string) => {
      const req = platform.http().post(`/api/v1${path}`).set('authorization', `Bearer ${token}`);
      if (key) void req.set('idempotency-key', key);
      return req.send(body);
    },
    get: (path: string) => platform.http().get(`/api/v1${path}`).set('authorization', `Bearer ${token}`),
  });
  const ledger = () => platform.ledger!.get(DataSource);

  async function kill(): Promise<void> {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  beforeAll(async () => {
    await platform.start();
    admin = await platform.login(demo('admin'));
    business = await platform.login(demo('business'));
    foundation = await platform.login(demo('foundation'));
    const me = await as(business).get('/me').expect(200);
    businessOrg = (me.body.memberships as { orgId: string; role: string }[]).find((m) => m.role === 'business')!.orgId;
    child = await platform.spawnDonations(logs);
    donationsDb = new Client({ connectionString: platform.donationsDatabaseUrl });
    await donationsDb.connect();

    residents = [];
    for (let i = 0; i < RESIDENTS; i += 15) {
      residents.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(15, RESIDENTS - i) }, (_, j) =>
            platform.register(`crash-${i + j}-${Date.now()}@example.org`, `居民${i + j}`),
          ),
        )),
      );
    }
    await Promise.all(
      residents.map((r) =>
        as(admin)
          .post(
            '/ledger/transfers',
            {
              transferId: `crash-grant:${r.userId}`,
              debitAccount: 'issuance:community-points',
              creditAccount: `user:${r.userId}`,
              asset: 'POINTS',
              amount: GRANT,
              code: 'adjust',
            },
            `crash-grant-${r.userId}`,
          )
          .expect(201),
      ),
    );

    const pledge = await as(business).post('/pledges', {
      orgId: businessOrg,
      item: '食用油 5L',
      category: 'goods',
      quantity: STOCK,
      unit: '桶',
      unitValue: 6_800,
      expiresOn: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
      pickupPlace: '阳光社区服务站',
      pickupHours: '每天 9:00–18:00',
    });
    expect(pledge.status).toBe(201);
    expect((await as(foundation).post(`/pledges/${pledge.body.id}/receive`, { quantity: STOCK })).status).toBe(200);
    const reward = await as(foundation).post('/rewards', {
      pledgeId: pledge.body.id,
      pointsPrice: PRICE,
      quantity: STOCK,
      perResidentLimit: 1,
    });
    expect(reward.status).toBe(201);
    rewardId = reward.body.id as string;
  });

  afterAll(async () => {
    await kill();
    await donationsDb?.end();
    await platform.stop();
  });

  /** Sends `send` for every item while the process is killed once at a random moment; retries what got no answer. */
  async function withKill<T>(items: T[], send: (item: T) => Promise<Answer>, settled: (a: Answer) => boolean): Promise<Answer[]> {
    const inFlight = items.map((item) => send(item));
    const delayMs = Math.floor(random() * 400);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await kill();
    const first = await Promise.all(inFlight);
    const cut = first.filter((a) => !settled(a)).length;
    cutOff += cut;
    console.log(`killed ${delayMs} ms into ${items.length} requests: ${cut} got no answer and are retried`);
    child = await platform.spawnDonations(logs);
    const answers = [...first];
    for (let attempt = 0; attempt < 10 && answers.some((a) => !settled(a)); attempt++) {
      await Promise.all(
        items.map(async (item, i) => {
          if (!settled(answers[i]!)) answers[i] = await send(item);
        }),
      );
    }
    return answers;
  }

  async function check(): Promise<{ held: number; residentsHolding: Set<string> }> {
    // Nothing stays in the middle: every redemption reached held or refused (or cancelled).
    const rows = await waitFor(
      async () =>
        (
          await donationsDb.query<{ id: string; resident_id: string; status: string; quantity: string }>(
            `SELECT id, resident_id, status, quantity FROM redemptions WHERE reward_id = $1`,
            [rewardId],
          )
        ).rows,
      (r) => r.every((x) => ['held', 'refused', 'cancelled', 'expired'].includes(x.status)),
      { what: 'every redemption to be settled', timeoutMs: 60_000 },
    );
    const holds = (await ledger().query(
      `SELECT t.id, t.status, a.key FROM transfers t JOIN accounts a ON a.id = t.debit_account_id
        WHERE t.id LIKE 'redeem:%' AND t.op = 'pending' AND a.key = ANY($1)`,
      [residents.map((r) => `user:${r.userId}`)],
    )) as { id: string; status: string; key: string }[];
    const holdOf = new Map(holds.map((h) => [h.id.slice('redeem:'.length), h]));
    for (const row of rows) {
      const hold = holdOf.get(row.id);
      if (row.status === 'held') expect({ id: row.id, hold: hold?.status }).toEqual({ id: row.id, hold: 'pending' });
      if (row.status === 'refused') expect({ id: row.id, hold: hold?.status ?? 'none' }).toEqual({ id: row.id, hold: 'none' });
      if (row.status === 'cancelled') expect({ id: row.id, hold: hold?.status }).toEqual({ id: row.id, hold: 'voided' });
    }
    // No hold in the ledger without its redemption.
    const ids = new Set(rows.map((r) => r.id));
    expect(holds.filter((h) => !ids.has(h.id.slice('redeem:'.length)))).toEqual([]);

    const held = rows.filter((r) => r.status === 'held');
    const [stock] = (
      await donationsDb.query<{ available: string; reserved: string; delivered: string }>(
        `SELECT available, reserved, delivered FROM rewards WHERE id = $1`,
        [rewardId],
      )
    ).rows;
    expect({ available: Number(stock!.available), reserved: Number(stock!.reserved) }).toEqual({
      available: STOCK - held.length,
      reserved: held.length,
    });
    // Each resident's held points are exactly their held redemptions'.
    const pending = (await ledger().query(
      `SELECT key, debits_pending::int AS held, (credits_posted - debits_posted)::int AS balance FROM accounts WHERE key = ANY($1) AND asset = 'POINTS'`,
      [residents.map((r) => `user:${r.userId}`)],
    )) as { key: string; held: number; balance: number }[];
    const heldBy = new Map<string, number>();
    for (const r of held) heldBy.set(`user:${r.resident_id}`, (heldBy.get(`user:${r.resident_id}`) ?? 0) + PRICE);
    for (const account of pending) {
      expect({ key: account.key, held: account.held, balance: account.balance }).toEqual({
        key: account.key,
        held: heldBy.get(account.key) ?? 0,
        balance: GRANT,
      });
    }
    return { held: held.length, residentsHolding: new Set(held.map((r) => r.resident_id)) };
  }

  it('never holds points without stock nor reserves stock without points, and gives everything back on cancel', async () => {
    const perRound = Math.ceil(RESIDENTS / ROUNDS);
    const outcomes: Answer[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const batch = residents.slice(round * perRound, (round + 1) * perRound);
      const answers = await withKill(
        batch,
        async (r) => {
          const res = await as(r.token).post('/redemptions', { rewardId }, `crash-redeem-${r.userId}`);
          return { status: res.status, body: res.body as Answer['body'] };
        },
        (a) => a.status === 201 || a.status === 202 || a.status === 409,
      );
      outcomes.push(...answers);
      await check();
    }
    // Everyone got a definite answer, and the winners are exactly the stock.
    expect(outcomes.filter((a) => ![201, 202, 409].includes(a.status))).toEqual([]);
    const { held, residentsHolding } = await check();
    expect(held).toBe(Math.min(STOCK, RESIDENTS));
    expect(residentsHolding.size).toBe(held);

    // Cancel every held one, through another kill.
    const holders = residents.filter((r) => residentsHolding.has(r.userId));
    const heldIds = new Map<string, string>();
    for (const r of holders) {
      const mine = await as(r.token).get('/me/redemptions?status=held').expect(200);
      heldIds.set(r.userId, (mine.body.items as { id: string }[])[0]!.id);
    }
    await withKill(
      holders,
      async (r) => {
        const res = await as(r.token).post(`/redemptions/${heldIds.get(r.userId)}/cancel`);
        return { status: res.status, body: res.body as Answer['body'] };
      },
      (a) => a.status === 200 && (a.body.status === 'cancelled' || a.body.status === 'cancelling'),
    );
    await waitFor(
      async () =>
        (
          await donationsDb.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM redemptions WHERE reward_id = $1 AND status = 'cancelled'`,
            [rewardId],
          )
        ).rows[0]!.n,
      (n) => n === holders.length,
      { what: 'every cancel to be voided in the ledger', timeoutMs: 60_000 },
    );
    const after = await check();
    expect(after.held).toBe(0);
    expect(cutOff).toBeGreaterThan(0);
  });
});
