import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@goodloop/common/testing';
import { DataSource } from 'typeorm';
import { signWebhook } from '../../apps/donations/src/cash/payment-provider';
import { DonationJobNames, DonationJobs } from '../../apps/donations/src/jobs/donation-jobs.service';
import { demo, Platform, TEST_WEBHOOK_SECRET } from './platform';

/**
 * Donations through the public API, on the real services: cash gifts confirmed by the signed
 * webhook move money into the fund once and get gap-free receipt numbers and a Chinese PDF;
 * pledges become rewards; residents redeem them through the ledger's holds, and stock and held
 * points always agree — also with 100 residents racing for 10 items.
 */
describe('donations and redemptions (through the gateway)', () => {
  // One donor gives 200 times in a second here: the per-user write limit is raised for this suite alone.
  const platform = new Platform('e2e_donations', { RATE_LIMIT_WRITES_PER_MINUTE: '10000' }, { SANDBOX_AUTO_CONFIRM: 'false' });
  let admin: string;
  let foundation: string;
  let business: string;
  let donor: string;
  let foundationOrg: string;
  let businessOrg: string;
  let fundId: string;

  beforeAll(async () => {
    await platform.start();
    admin = await platform.login(demo('admin'));
    foundation = await platform.login(demo('foundation'));
    business = await platform.login(demo('business'));
    donor = await platform.login(demo('donor'));
    foundationOrg = await membershipOf(foundation, 'foundation_staff');
    businessOrg = await membershipOf(business, 'business');
    const donations = platform.donations!.get(DataSource);
    await waitFor(
      async () => (await donations.query('SELECT id FROM orgs WHERE id IN ($1, $2)', [foundationOrg, businessOrg])) as unknown[],
      (rows) => rows.length === 2,
      { what: 'donations to know the demo organisations' },
    );
    const fund = await as(foundation).post('/funds', {
      name: '阳光社区公益金',
      kind: 'community',
      orgId: foundationOrg,
      maxDonation: 500_000,
    });
    expect(fund.status).toBe(201);
    fundId = fund.body.id as string;
  });

  afterAll(() => platform.stop());

  function as(token: string) {
    return {
      post: (path: string, body: object = {}, idempotencyKey?: string) => {
        const req = platform.http().post(`/api/v1${path}`).set('authorization', `Bearer ${token}`);
        if (idempotencyKey) void req.set('idempotency-key', idempotencyKey);
        return req.send(body);
      },
      get: (path: string) => platform.http().get(`/api/v1${path}`).set('authorization', `Bearer ${token}`),
    };
  }

  async function membershipOf(token: string, role: string): Promise<string> {
    const me = await as(token).get('/me').expect(200);
    const m = (me.body as { memberships: { orgId: string; role: string }[] }).memberships.find((x) => x.role === role);
    if (!m) throw new Error(`no ${role} membership`);
    return m.orgId;
  }

  const ledger = () => platform.ledger!.get(DataSource);
  const donationsDb = () => platform.donations!.get(DataSource);

  async function webhook(body: object, options: { secret?: string; timestamp?: number } = {}) {
    const raw = JSON.stringify(body);
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    return platform
      .http()
      .post('/api/v1/payments/webhook')
      .set('content-type', 'application/json')
      .set('x-goodloop-timestamp', String(timestamp))
      .set('x-goodloop-signature', signWebhook(options.secret ?? TEST_WEBHOOK_SECRET, timestamp, raw))
      .send(raw);
  }

  const succeeded = (paymentId: string, amount: number, eventId = `evt_${paymentId}`) => ({
    eventId,
    type: 'payment.succeeded',
    paymentId,
    amount,
    currency: 'CNY',
    occurredAt: new Date().toISOString(),
  });

  async function fundBalanceInLedger(id: string): Promise<number> {
    const rows = (await ledger().query(
      `SELECT (credits_posted - debits_posted)::text AS balance FROM accounts WHERE key = $1 AND asset = 'CNY'`,
      [`fund:${id}`],
    )) as { balance: string }[];
    return Number(rows[0]?.balance ?? 0);
  }

  async function donate(amount: number, token = donor): Promise<{ id: string; paymentId: string }> {
    const res = await as(token).post('/donations', { fundId, amount, message: '祝社区越来越好' });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, paymentId: res.body.payment.paymentId as string };
  }

  describe('cash', () => {
    it('confirms a gift once, moves it into the fund and issues a numbered receipt in Chinese', async () => {
      const gift = await donate(123_456);
      expect((await as(donor).get(`/donations/${gift.id}`).expect(200)).body).toMatchObject({
        status: 'awaiting_payment',
        receiptNumber: null,
      });
      expect((await as(donor).get(`/donations/${gift.id}/receipt`)).status).toBe(409);

      const res = await webhook(succeeded(gift.paymentId, 123_456));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ donationId: gift.id, status: 'confirmed', duplicate: false });

      const view = await waitFor(
        async () => (await as(donor).get(`/donations/${gift.id}`).expect(200)).body as { posted: boolean; receiptNumber: string },
        (v) => v.posted,
        { what: 'the ledger to post the donation' },
      );
      expect(view.receiptNumber).toMatch(/^\d{4}-\d{6}$/);
      const listed = await as(donor).get('/me/donations').expect(200);
      expect((listed.body.items as { id: string; receiptNumber: string }[]).find((d) => d.id === gift.id)).toMatchObject({
        receiptNumber: view.receiptNumber,
      });
      expect(await fundBalanceInLedger(fundId)).toBe(123_456);
      const fund = await waitFor(
        async () =>
          ((await as(donor).get('/funds').expect(200)).body as { items: { id: string; balance: number }[] }).items.find(
            (f) => f.id === fundId,
          )!,
        (f) => f.balance === 123_456,
        { what: 'the fund balance' },
      );
      expect(fund.balance).toBe(123_456);

      const receipt = await as(donor)
        .get(`/donations/${gift.id}/receipt`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(receipt.status).toBe(200);
      expect(receipt.headers['content-type']).toBe('application/pdf');
      const file = join(mkdtempSync(join(tmpdir(), 'receipt-')), 'r.pdf');
      writeFileSync(file, receipt.body as Buffer);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain(view.receiptNumber);
      expect(text).toContain('捐赠收据');
      expect(text).toContain('捐赠人赵女士');
      expect(text).toContain('阳光社区公益金');
      expect(text).toContain('1,234.56');
      expect(text).toContain('壹仟贰佰叁拾肆元伍角陆分');

      // Another person cannot read it.
      const stranger = await platform.register(`stranger-${Date.now()}@example.org`, '路人');
      expect((await as(stranger.token).get(`/donations/${gift.id}/receipt`)).status).toBe(403);
    });

    it('refuses a bad signature, a stale timestamp, a replay and an unknown payment, and moves nothing', async () => {
      const gift = await donate(5_000);
      const before = await fundBalanceInLedger(fundId);
      const event = succeeded(gift.paymentId, 5_000);

      const forged = await webhook(event, { secret: 'not-the-secret-0123456789abcdef0123456789' });
      expect(forged.status).toBe(400);
      expect(forged.body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
      const stale = await webhook(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
      expect(stale.status).toBe(400);
      expect(stale.body.code).toBe('WEBHOOK_STALE');
      const unknown = await webhook(succeeded('sbx_unknown', 5_000));
      expect(unknown.status).toBe(404);
      const wrongAmount = await webhook(succeeded(gift.paymentId, 4_999, 'evt_wrong_amount'));
      expect(wrongAmount.status).toBe(422);
      const bad = await webhook({
        eventId: 'evt_x',
        type: 'payment.succeeded',
        paymentId: gift.paymentId,
        amount: 1.5,
        currency: 'CNY',
        occurredAt: 'now',
      });
      expect(bad.status).toBe(400);
      expect((bad.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['amount', 'occurredAt']);
      expect((await as(donor).get(`/donations/${gift.id}`).expect(200)).body.status).toBe('awaiting_payment');

      // The very same signed request twice: the second is a replay.
      const raw = JSON.stringify(event);
      const timestamp = Math.floor(Date.now() / 1000);
      const send = () =>
        platform
          .http()
          .post('/api/v1/payments/webhook')
          .set('content-type', 'application/json')
          .set('x-goodloop-timestamp', String(timestamp))
          .set('x-goodloop-signature', signWebhook(TEST_WEBHOOK_SECRET, timestamp, raw))
          .send(raw);
      expect((await send()).status).toBe(200);
      const replay = await send();
      expect(replay.status).toBe(409);
      expect(replay.body.code).toBe('WEBHOOK_REPLAYED');
      await waitFor(
        () => fundBalanceInLedger(fundId),
        (b) => b === before + 5_000,
        { what: 'the one transfer' },
      );
      const transfers = (await ledger().query(`SELECT count(*)::int AS n FROM transfers WHERE id = $1`, [
        `donation:${gift.id}`,
      ])) as { n: number }[];
      expect(transfers[0]!.n).toBe(1);
    });

    it('moves money once when the same confirmation arrives five times at once', async () => {
      const gift = await donate(7_700);
      const before = await fundBalanceInLedger(fundId);
      const event = succeeded(gift.paymentId, 7_700);
      // A provider re-signs each delivery: five requests, one event.
      const answers = await Promise.all(
        [0, 1, 2, 3, 4].map(async (i) => {
          const raw = JSON.stringify(event);
          const timestamp = Math.floor(Date.now() / 1000) - i;
          return platform
            .http()
            .post('/api/v1/payments/webhook')
            .set('content-type', 'application/json')
            .set('x-goodloop-timestamp', String(timestamp))
            .set('x-goodloop-signature', signWebhook(TEST_WEBHOOK_SECRET, timestamp, raw))
            .send(raw);
        }),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
      await waitFor(
        () => fundBalanceInLedger(fundId),
        (b) => b === before + 7_700,
        { what: 'the one transfer' },
      );
      const rows = (await donationsDb().query(
        `SELECT count(*)::int AS n FROM outbox WHERE envelope->'payload'->>'transferId' = $1`,
        [`donation:${gift.id}`],
      )) as { n: number }[];
      expect(rows[0]!.n).toBe(1);
    });

    it('numbers 200 concurrent confirmations without gaps or doubles', async () => {
      const gifts = await Promise.all(Array.from({ length: 200 }, () => donate(100)));
      const before = (await donationsDb().query(
        `SELECT coalesce(max(receipt_seq), 0)::int AS n FROM donations WHERE org_id = $1 AND receipt_seq IS NOT NULL`,
        [foundationOrg],
      )) as { n: number }[];
      const answers = await Promise.all(gifts.map((g) => webhook(succeeded(g.paymentId, 100))));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      const numbers = (await donationsDb().query(`SELECT receipt_seq FROM donations WHERE id = ANY($1) ORDER BY receipt_seq`, [
        gifts.map((g) => g.id),
      ])) as { receipt_seq: number }[];
      const seqs = numbers.map((n) => n.receipt_seq);
      expect(new Set(seqs).size).toBe(200);
      expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => before[0]!.n + 1 + i));
    });

    it('refuses amounts that are not whole positive fen or above the fund’s limit, and a gift to someone else’s DAF', async () => {
      for (const amount of [0, -100, 12.5, 2 ** 60, '100']) {
        const res = await as(donor).post('/donations', { fundId, amount });
        expect(res.status).toBe(400);
        expect(res.body.details[0].field).toBe('amount');
      }
      const above = await as(donor).post('/donations', { fundId, amount: 500_001 });
      expect(above.status).toBe(422);
      expect(above.body.code).toBe('DONATION_ABOVE_LIMIT');
      expect((await as(donor).post('/donations', { fundId: '0190f0f0-0000-7000-8000-000000000000', amount: 100 })).status).toBe(
        404,
      );
    });
  });

  describe('monthly gifts and the sweep', () => {
    it('gives again when a month has passed, once per month, until cancelled; old signatures are forgotten', async () => {
      const first = await as(donor).post('/donations', { fundId, amount: 3_000, recurring: true });
      expect(first.status).toBe(201);
      const planId = first.body.recurringId as string;
      expect(planId).toEqual(expect.any(String));
      const plans = await as(donor).get('/me/recurring-donations').expect(200);
      expect((plans.body.items as { id: string; status: string }[]).find((p) => p.id === planId)).toMatchObject({
        status: 'active',
      });

      // A month later: the plan and its first gift moved a month back instead of the clock forward.
      await donationsDb().query(
        `UPDATE donations SET period = to_char(now() - interval '1 month', 'YYYY-MM') WHERE recurring_id = $1`,
        [planId],
      );
      await donationsDb().query(`UPDATE recurring_donations SET next_charge_at = now() - interval '1 minute' WHERE id = $1`, [
        planId,
      ]);
      const sweep = () => platform.donations!.get(DonationJobs).run(DonationJobNames.Sweep);
      await sweep();
      await sweep();
      const gifts = (await donationsDb().query(`SELECT period FROM donations WHERE recurring_id = $1 ORDER BY created_at`, [
        planId,
      ])) as {
        period: string;
      }[];
      expect(gifts).toHaveLength(2);
      expect(gifts[0]!.period).not.toBe(gifts[1]!.period);

      expect((await as(donor).post(`/recurring-donations/${planId}/cancel`)).body.status).toBe('cancelled');
      await donationsDb().query(`UPDATE recurring_donations SET next_charge_at = now() - interval '1 minute' WHERE id = $1`, [
        planId,
      ]);
      await sweep();
      expect(
        (
          (await donationsDb().query(`SELECT count(*)::int AS n FROM donations WHERE recurring_id = $1`, [planId])) as {
            n: number;
          }[]
        )[0]!.n,
      ).toBe(2);

      const before = ((await donationsDb().query(`SELECT count(*)::int AS n FROM webhook_signatures`)) as { n: number }[])[0]!.n;
      expect(before).toBeGreaterThan(0);
      await donationsDb().query(`UPDATE webhook_signatures SET received_at = now() - interval '2 hours'`);
      await sweep();
      expect(((await donationsDb().query(`SELECT count(*)::int AS n FROM webhook_signatures`)) as { n: number }[])[0]!.n).toBe(0);
    });
  });

  describe('donor-advised fund', () => {
    it('moves money only for an approved recommendation, and shows the donor where it went', async () => {
      const daf = await as(donor).post('/daf', { name: '赵女士家庭公益基金', orgId: foundationOrg });
      expect(daf.status).toBe(201);
      const dafId = daf.body.id as string;
      const gift = await as(donor).post('/donations', { fundId: dafId, amount: 300_000 });
      expect(gift.status).toBe(201);
      expect((await webhook(succeeded(gift.body.payment.paymentId as string, 300_000))).status).toBe(200);
      await waitFor(
        async () => (await as(donor).get(`/daf/${dafId}`).expect(200)).body.balance as number,
        (b) => b === 300_000,
        {
          what: 'the DAF balance',
        },
      );
      // Someone else may not give to it.
      expect((await as(admin).post('/donations', { fundId: dafId, amount: 100 })).status).toBe(409);

      const tooMuch = await as(donor).post(`/daf/${dafId}/recommendations`, {
        amount: 300_001,
        targetKind: 'fund',
        targetId: fundId,
      });
      expect(tooMuch.status).toBe(409);
      const rec = await as(donor).post(`/daf/${dafId}/recommendations`, {
        amount: 200_000,
        targetKind: 'fund',
        targetId: fundId,
        note: '支持社区助老',
      });
      expect(rec.status).toBe(201);
      const declined = await as(donor).post(`/daf/${dafId}/recommendations`, {
        amount: 50_000,
        targetKind: 'org',
        targetId: businessOrg,
      });
      expect(declined.status).toBe(201);
      // The donor cannot approve it; staff of the host can.
      expect((await as(donor).post(`/recommendations/${rec.body.id}/approve`)).status).toBe(403);
      const pending = await as(foundation).get('/recommendations').expect(200);
      expect((pending.body.items as { id: string }[]).map((r) => r.id)).toEqual(
        expect.arrayContaining([rec.body.id, declined.body.id]),
      );
      const fundBefore = await fundBalanceInLedger(fundId);
      expect(
        (await as(foundation).post(`/recommendations/${declined.body.id}/decline`, { reason: '不在本年度资助范围' })).status,
      ).toBe(200);
      expect(await fundBalanceInLedger(dafId)).toBe(300_000);
      expect((await as(foundation).post(`/recommendations/${rec.body.id}/approve`)).status).toBe(200);
      expect((await as(foundation).post(`/recommendations/${rec.body.id}/approve`)).status).toBe(200);
      await waitFor(
        () => fundBalanceInLedger(dafId),
        (b) => b === 100_000,
        { what: 'the grant to move' },
      );
      expect(await fundBalanceInLedger(fundId)).toBe(fundBefore + 200_000);
      const view = await waitFor(
        async () =>
          (await as(donor).get(`/daf/${dafId}`).expect(200)).body as {
            balance: number;
            recommendations: { id: string; status: string; reason: string | null }[];
          },
        (v) => v.recommendations.find((r) => r.id === rec.body.id)?.status === 'paid',
        { what: 'the recommendation to be paid' },
      );
      expect(view.balance).toBe(100_000);
      expect(view.recommendations.find((r) => r.id === declined.body.id)).toMatchObject({
        status: 'declined',
        reason: '不在本年度资助范围',
      });
    });
  });

  describe('pledges, rewards and redemptions', () => {
    const points = async (userId: string) => {
      const rows = (await ledger().query(
        `SELECT (credits_posted - debits_posted)::text AS balance, debits_pending::text AS held
           FROM accounts WHERE key = $1 AND asset = 'POINTS'`,
        [`user:${userId}`],
      )) as { balance: string; held: string }[];
      return { balance: Number(rows[0]?.balance ?? 0), held: Number(rows[0]?.held ?? 0) };
    };

    async function grantPoints(userId: string, amount: number): Promise<void> {
      const res = await as(admin).post(
        '/ledger/transfers',
        {
          transferId: `test-grant:${userId}`,
          debitAccount: 'issuance:community-points',
          creditAccount: `user:${userId}`,
          asset: 'POINTS',
          amount,
          code: 'adjust',
        },
        `grant-${userId}`,
      );
      expect([200, 201]).toContain(res.status);
      await waitFor(
        async () => (await points(userId)).balance,
        (b) => b === amount,
        { what: 'the points to arrive' },
      );
    }

    async function reward(quantity: number, pointsPrice: number, perResidentLimit = 1): Promise<string> {
      const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const pledge = await as(business).post('/pledges', {
        orgId: businessOrg,
        item: '大米 5kg 装',
        category: 'goods',
        quantity,
        unit: '袋',
        unitValue: 4_500,
        expiresOn: future,
        pickupPlace: '阳光社区服务站',
        pickupHours: '周一至周五 9:00–17:00',
      });
      expect(pledge.status).toBe(201);
      expect((await as(foundation).post(`/pledges/${pledge.body.id}/receive`, { quantity })).status).toBe(200);
      const created = await as(foundation).post('/rewards', {
        pledgeId: pledge.body.id,
        pointsPrice,
        quantity,
        perResidentLimit,
      });
      expect(created.status).toBe(201);
      return created.body.id as string;
    }

    it('walks redeem → pickup code → hand-over, and cancel, with points and stock in step', async () => {
      const resident = await platform.register(`redeemer-${Date.now()}@example.org`, '居民小李');
      await grantPoints(resident.userId, 500);
      const rewardId = await reward(3, 120, 2);

      const held = await as(resident.token).post('/redemptions', { rewardId }, 'redeem-1');
      expect(held.status).toBe(201);
      expect(held.body).toMatchObject({ status: 'held', points: 120 });
      expect(held.body.pickupCode).toMatch(/^\d{8}$/);
      expect(await points(resident.userId)).toEqual({ balance: 500, held: 120 });
      // The same key again answers the same redemption.
      const again = await as(resident.token).post('/redemptions', { rewardId }, 'redeem-1');
      expect(again.body.id).toBe(held.body.id);
      expect((await as(resident.token).get(`/rewards/${rewardId}`).expect(200)).body).toMatchObject({
        available: 2,
        myRedeemed: 1,
      });

      // The business sees it without the code or the name; a wrong code is refused and counted.
      const listed = await as(business).get(`/orgs/${businessOrg}/redemptions?status=held`).expect(200);
      const row = (listed.body.items as { id: string; pickupCode: string | null; resident: string }[]).find(
        (r) => r.id === held.body.id,
      )!;
      expect(row.pickupCode).toBeNull();
      expect(row.resident).toMatch(/^居民[0-9A-F]{4}$/);
      const wrong = await as(business).post(`/redemptions/${held.body.id}/fulfil`, {
        code: held.body.pickupCode === '00000000' ? '11111111' : '00000000',
      });
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('WRONG_PICKUP_CODE');
      // Only the pledging business hands it over.
      expect((await as(foundation).post(`/redemptions/${held.body.id}/fulfil`, { code: held.body.pickupCode })).status).toBe(403);

      const done = await as(business).post('/pickups', { orgId: businessOrg, code: held.body.pickupCode });
      expect(done.status).toBe(200);
      expect(done.body.status).toBe('fulfilled');
      expect(await points(resident.userId)).toEqual({ balance: 380, held: 0 });
      const twice = await as(business).post(`/redemptions/${held.body.id}/fulfil`, { code: held.body.pickupCode });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('ALREADY_FULFILLED');

      // A second one, cancelled: points back, stock back.
      const second = await as(resident.token).post('/redemptions', { rewardId }, 'redeem-2');
      expect(second.status).toBe(201);
      expect((await as(resident.token).post('/redemptions', { rewardId }, 'redeem-3')).body.code).toBe(
        'REDEMPTION_LIMIT_REACHED',
      );
      const cancelled = await as(resident.token).post(`/redemptions/${second.body.id}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect(await points(resident.userId)).toEqual({ balance: 380, held: 0 });
      const stock = (await donationsDb().query(`SELECT available, reserved, delivered FROM rewards WHERE id = $1`, [
        rewardId,
      ])) as {
        available: string;
        reserved: string;
        delivered: string;
      }[];
      expect(stock[0]).toEqual({ available: '2', reserved: '0', delivered: '1' });

      // The lists: the resident's redemptions, the catalogue signed in, the business's pledges.
      const mine = await as(resident.token).get('/me/redemptions').expect(200);
      expect((mine.body.items as { id: string; status: string }[]).map((r) => [r.id, r.status])).toEqual([
        [second.body.id, 'cancelled'],
        [held.body.id, 'fulfilled'],
      ]);
      const catalogue = await as(resident.token).get('/rewards?category=goods').expect(200);
      expect((catalogue.body.items as { id: string; myRedeemed: number }[]).find((r) => r.id === rewardId)).toMatchObject({
        myRedeemed: 1,
      });
      const impact = await as(business).get(`/orgs/${businessOrg}/impact`).expect(200);
      expect(impact.body.totals.redemptions).toBeGreaterThanOrEqual(1);
      expect(impact.body.totals.pointsRedeemed).toBeGreaterThanOrEqual(120);
      const csv = await as(business).get(`/orgs/${businessOrg}/impact?format=csv`).expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.text).toContain('大米 5kg 装');
    });

    it('refuses a resident without enough points and gives the stock back', async () => {
      const poor = await platform.register(`poor-${Date.now()}@example.org`, '积分不够');
      const rewardId = await reward(1, 50);
      const res = await as(poor.token).post('/redemptions', { rewardId });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('INSUFFICIENT_POINTS');
      expect((await as(poor.token).get(`/rewards/${rewardId}`).expect(200)).body.available).toBe(1);
    });

    it('gives exactly 10 of 10 to 100 residents racing for them; everyone else keeps their points', async () => {
      const residents = await Promise.all(
        Array.from({ length: 100 }, (_, i) => platform.register(`race-${i}-${Date.now()}@example.org`, `抢兑居民${i}`)),
      );
      for (let i = 0; i < residents.length; i += 20) {
        await Promise.all(residents.slice(i, i + 20).map((r) => grantPoints(r.userId, 100)));
      }
      const rewardId = await reward(10, 60);
      const answers = await Promise.all(residents.map((r) => as(r.token).post('/redemptions', { rewardId })));
      const won = answers.filter((a) => a.status === 201);
      expect(won).toHaveLength(10);
      expect(answers.filter((a) => a.status === 409 && a.body.code === 'OUT_OF_STOCK')).toHaveLength(90);
      const stock = (await donationsDb().query(`SELECT available, reserved FROM rewards WHERE id = $1`, [rewardId])) as {
        available: string;
        reserved: string;
      }[];
      expect(stock[0]).toEqual({ available: '0', reserved: '10' });
      const balances = await Promise.all(residents.map((r) => points(r.userId)));
      expect(balances.filter((b) => b.held === 60)).toHaveLength(10);
      expect(balances.filter((b) => b.held === 0 && b.balance === 100)).toHaveLength(90);
    });

    it('refuses bad input and changes nothing', async () => {
      const resident = await platform.register(`bad-${Date.now()}@example.org`, '居民小陈');
      const rewardId = await reward(2, 10);
      expect((await as(resident.token).post('/redemptions', { rewardId, quantity: 0 })).status).toBe(400);
      expect((await as(resident.token).post('/redemptions', { rewardId: 'x' })).status).toBe(400);
      const pledge = await as(business).post('/pledges', {
        orgId: businessOrg,
        item: '过期牛奶',
        category: 'goods',
        quantity: 1,
        unit: '箱',
        unitValue: 100,
        expiresOn: '2020-01-01',
        pickupPlace: '仓库',
        pickupHours: '全天',
      });
      expect(pledge.status).toBe(422);
      expect(pledge.body.code).toBe('PLEDGE_EXPIRED');
      const zero = await as(foundation).post('/rewards', {
        pledgeId: '0190f0f0-0000-7000-8000-000000000000',
        pointsPrice: 0,
        quantity: 1,
        perResidentLimit: 1,
      });
      expect(zero.status).toBe(400);
      expect(zero.body.details.map((d: { field: string }) => d.field)).toContain('pointsPrice');
      // A resident may not pledge for the business.
      const notMine = await as(resident.token).post('/pledges', {
        orgId: businessOrg,
        item: '冒充捐赠',
        category: 'goods',
        quantity: 1,
        unit: '件',
        unitValue: 100,
        expiresOn: '2099-01-01',
        pickupPlace: '仓库',
        pickupHours: '全天',
      });
      expect(notMine.status).toBe(403);
      expect((await as(resident.token).get(`/rewards/${rewardId}`).expect(200)).body.available).toBe(2);
      // Anyone browses the catalogue, signed in or not.
      const open = await platform.http().get('/api/v1/rewards?category=goods&place=阳光').expect(200);
      expect((open.body.items as { id: string; myRedeemed: number | null }[]).find((r) => r.id === rewardId)).toMatchObject({
        myRedeemed: null,
      });
      expect((await platform.http().get('/api/v1/rewards?category=cars')).status).toBe(400);
      // Four pledges by now: pages of two follow each other without repeats.
      const pledges = await as(business).get(`/pledges?orgId=${businessOrg}&limit=2`).expect(200);
      expect(pledges.body.items).toHaveLength(2);
      expect(pledges.body.nextCursor).toEqual(expect.any(String));
      const next = await as(business)
        .get(`/pledges?orgId=${businessOrg}&limit=2&cursor=${pledges.body.nextCursor as string}`)
        .expect(200);
      expect((next.body.items as { id: string }[]).map((p) => p.id)).not.toContain(
        (pledges.body.items as { id: string }[])[0]!.id,
      );
    });
  });
});
