/**
 * The public-welfare loop told through the ledger, through the public API on the real services:
 * a cash gift and its receipt, a donor-advised fund and an approved grant from it, a business's
 * pledge taken into stock and offered as a reward, a resident earning points by volunteering,
 * then redeeming (handed over), redeeming and cancelling, and redeeming and letting the code
 * lapse. The ledger is printed as tables (generated ids replaced by names) with the in-kind value
 * reported beside it, never inside: the ledger holds only points and fen. The expected text is
 * committed below, so a change in what moves where shows as a readable diff.
 */
import { waitFor } from '@goodloop/common/testing';
import { DataSource } from 'typeorm';
import { printLedger } from '../../apps/ledger/test/support/print-ledger';
import { signWebhook } from '../../apps/donations/src/cash/payment-provider';
import { DonationJobNames, DonationJobs } from '../../apps/donations/src/jobs/donation-jobs.service';
import { demo, Platform, TEST_WEBHOOK_SECRET } from './platform';

jest.setTimeout(180_000);

const EXPECTED = `
transfers
  #   id                                op       status  code     asset   amount  from                       to
  1   donation:gift-community           transfer posted  donate   CNY     100000  external:payments:sandbox  fund:community
  2   donation:gift-daf                 transfer posted  donate   CNY      50000  external:payments:sandbox  fund:daf-zhao
  3   daf:grant-1                       transfer posted  grant    CNY      20000  fund:daf-zhao              fund:community
  4   earn:attendance:zhou-1            transfer posted  earn     POINTS      60  issuance:community-points  user:zhou
  5   redeem:rice-1                     pending  posted  redeem   POINTS      30  user:zhou                  sink:redemption
  6   redeem:rice-1:post                post     posted  redeem   POINTS      30  user:zhou                  sink:redemption
  7   redeem:rice-2                     pending  voided  redeem   POINTS      30  user:zhou                  sink:redemption
  8   redeem:rice-2:void                void     voided  redeem   POINTS      30  user:zhou                  sink:redemption
  9   redeem:rice-3                     pending  voided  redeem   POINTS      30  user:zhou                  sink:redemption
  10  redeem:rice-3:void                void     voided  redeem   POINTS      30  user:zhou                  sink:redemption

entries
  #   transfer                          account                         amount  balance after
  1   donation:gift-community           external:payments:sandbox      -100000        -100000
  2   donation:gift-community           fund:community                  100000         100000
  3   donation:gift-daf                 external:payments:sandbox       -50000        -150000
  4   donation:gift-daf                 fund:daf-zhao                    50000          50000
  5   daf:grant-1                       fund:daf-zhao                   -20000          30000
  6   daf:grant-1                       fund:community                   20000         120000
  7   earn:attendance:zhou-1            issuance:community-points          -60            -60
  8   earn:attendance:zhou-1            user:zhou                           60             60
  9   redeem:rice-1:post                user:zhou                          -30             30
  10  redeem:rice-1:post                sink:redemption                     30             30

balances
  account                       asset   kind             balance  held
  external:payments:sandbox     CNY     external         -150000     0
  fund:community                CNY     fund              120000     0
  fund:daf-zhao                 CNY     fund               30000     0
  issuance:community-points     POINTS  issuance             -60     0
  sink:redemption               POINTS  redemption_sink       30     0
  user:demo-admin               POINTS  user_wallet            0     0
  user:demo-business            POINTS  user_wallet            0     0
  user:demo-donor               POINTS  user_wallet            0     0
  user:demo-foundation          POINTS  user_wallet            0     0
  user:demo-organizer           POINTS  user_wallet            0     0
  user:demo-resident            POINTS  user_wallet            0     0
  user:demo-reviewer            POINTS  user_wallet            0     0
  user:zhou                     POINTS  user_wallet           30     0

trial balance
  CNY     accounts 3  debits 170000  credits 170000  sum 0  balanced
  POINTS  accounts 10  debits 90  credits 90  sum 0  balanced

in kind (estimated value, fen; not in the ledger)
  pledge   unit value  pledged  received  allocated  delivered  value delivered  status     item
  rice           4500       10        10         10          1             4500  allocated  东北大米 5kg (袋)

redemptions
  id       status     points
  rice-1   fulfilled      30
  rice-2   cancelled      30
  rice-3   expired        30
`;

describe('donations story: gift, DAF grant, pledge, earn, redeem (handed over, cancelled, lapsed)', () => {
  const platform = new Platform('e2e_donations_story', {}, { SANDBOX_AUTO_CONFIRM: 'false' });
  const names = new Map<string, string>();
  let admin: string;
  let organizer: string;
  let foundation: string;
  let business: string;
  let donor: string;

  const as = (token: string) => ({
    post: (path: string, body: object = {}) =>
      platform.http().post(`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body),
    get: (path: string) => platform.http().get(`/api/v1${path}`).set('authorization', `Bearer ${token}`),
  });
  const ledger = () => platform.ledger!.get(DataSource);
  const donations = () => platform.donations!.get(DataSource);

  /** Ids in print: every UUID the story made has a name; an unnamed one fails the story. */
  const name = (text: string): string =>
    text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => {
      const named = names.get(id);
      if (!named) throw new Error(`the story printed an id it did not name: ${id} in ${text}`);
      return named;
    });

  async function posted(transferId: string): Promise<void> {
    await waitFor(
      async () => (await ledger().query(`SELECT status FROM transfers WHERE id = $1`, [transferId])) as { status: string }[],
      (rows) => rows[0]?.status === 'posted',
      { what: `${transferId} to be posted` },
    );
  }

  async function confirm(donationId: string, paymentId: string, amount: number): Promise<void> {
    const raw = JSON.stringify({
      eventId: `evt_${paymentId}`,
      type: 'payment.succeeded',
      paymentId,
      amount,
      currency: 'CNY',
      occurredAt: new Date().toISOString(),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    await platform
      .http()
      .post('/api/v1/payments/webhook')
      .set('content-type', 'application/json')
      .set('x-goodloop-timestamp', String(timestamp))
      .set('x-goodloop-signature', signWebhook(TEST_WEBHOOK_SECRET, timestamp, raw))
      .send(raw)
      .expect(200);
    await posted(`donation:${donationId}`);
  }

  beforeAll(async () => {
    await platform.start();
    admin = await platform.login(demo('admin'));
    organizer = await platform.login(demo('organizer'));
    foundation = await platform.login(demo('foundation'));
    business = await platform.login(demo('business'));
    donor = await platform.login(demo('donor'));
    // The ledger opens a wallet for every account: the demo people are named by their role.
    for (const who of ['admin', 'organizer', 'foundation', 'business', 'donor', 'reviewer', 'resident']) {
      const token = await platform.login(demo(who));
      names.set((await as(token).get('/me').expect(200)).body.id as string, `demo-${who}`);
    }
  });

  afterAll(() => platform.stop());

  it('moves exactly this money and these points, with in-kind value beside them', async () => {
    const orgOf = async (token: string, role: string) =>
      ((await as(token).get('/me').expect(200)).body.memberships as { orgId: string; role: string }[]).find(
        (m) => m.role === role,
      )!.orgId;
    const community = await platform.organizedOrg(organizer);
    const host = await orgOf(foundation, 'foundation_staff');
    const shop = await orgOf(business, 'business');
    await waitFor(
      async () => (await donations().query('SELECT id FROM orgs WHERE id = ANY($1)', [[community, host, shop]])) as unknown[],
      (rows) => rows.length === 3,
      { what: 'donations to know the organisations' },
    );

    // 1. A gift of ¥1,000.00 to the community fund, confirmed by the provider.
    const fund = await as(organizer).post('/funds', { name: '阳光社区公益金', kind: 'community', orgId: community }).expect(201);
    names.set(fund.body.id as string, 'community');
    const gift = await as(donor).post('/donations', { fundId: fund.body.id, amount: 100_000 }).expect(201);
    names.set(gift.body.id as string, 'gift-community');
    await confirm(gift.body.id as string, gift.body.payment.paymentId as string, 100_000);

    // 2. ¥500.00 into the donor's donor-advised fund; ¥200.00 of it granted to the community fund.
    const daf = await as(donor).post('/daf', { name: '赵女士家庭公益基金', orgId: host }).expect(201);
    names.set(daf.body.id as string, 'daf-zhao');
    const dafGift = await as(donor).post('/donations', { fundId: daf.body.id, amount: 50_000 }).expect(201);
    names.set(dafGift.body.id as string, 'gift-daf');
    await confirm(dafGift.body.id as string, dafGift.body.payment.paymentId as string, 50_000);
    await waitFor(
      async () => (await as(donor).get(`/daf/${daf.body.id}`).expect(200)).body.balance as number,
      (b) => b === 50_000,
      {
        what: 'the DAF balance',
      },
    );
    const rec = await as(donor)
      .post(`/daf/${daf.body.id}/recommendations`, { amount: 20_000, targetKind: 'fund', targetId: fund.body.id })
      .expect(201);
    names.set(rec.body.id as string, 'grant-1');
    await as(foundation).post(`/recommendations/${rec.body.id}/approve`).expect(200);
    await posted(`daf:${rec.body.id}`);

    // 3. 爱心企业联盟 pledges 10 bags of rice (¥45.00 each, in kind); staff take them in and offer them at 30 points.
    const pledge = await as(business)
      .post('/pledges', {
        orgId: shop,
        item: '东北大米 5kg',
        category: 'goods',
        quantity: 10,
        unit: '袋',
        unitValue: 4_500,
        expiresOn: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
        pickupPlace: '阳光社区服务站',
        pickupHours: '周一至周五 9:00–17:00',
      })
      .expect(201);
    names.set(pledge.body.id as string, 'rice');
    await as(foundation).post(`/pledges/${pledge.body.id}/receive`, { quantity: 10 }).expect(200);
    const reward = await as(foundation)
      .post('/rewards', { pledgeId: pledge.body.id, pointsPrice: 30, quantity: 10, perResidentLimit: 3 })
      .expect(201);

    // 4. A resident volunteers an hour at 60 points an hour: 60 points.
    const resident = await platform.register(`story-${Date.now()}@example.org`, '居民小周');
    names.set(resident.userId, 'zhou');
    const activity = await as(organizer)
      .post('/activities', {
        orgId: community,
        title: '社区助老陪伴',
        category: 'elderly',
        place: { name: '阳光社区活动中心' },
        startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
        endsAt: new Date(Date.now() + 120 * 60_000).toISOString(),
        capacity: 5,
        pointsPerHour: 60,
      })
      .expect(201);
    await as(resident.token).post(`/activities/${activity.body.id}/signups`).expect(201);
    await as(resident.token)
      .post(`/activities/${activity.body.id}/attendance`, { action: 'check_in', code: activity.body.checkInCode })
      .expect(201);
    const out = await as(organizer)
      .post(`/activities/${activity.body.id}/attendance`, { action: 'check_out', userId: resident.userId })
      .expect(201);
    names.set(out.body.id as string, 'zhou-1');
    await as(organizer).post(`/attendance/${out.body.id}/verify`, { minutes: 60, reason: '按现场记录补录' }).expect(200);
    await posted(`earn:attendance:${out.body.id}`);

    // 5. Redeem one bag: held, then handed over with the code.
    const first = await as(resident.token).post('/redemptions', { rewardId: reward.body.id }).expect(201);
    names.set(first.body.id as string, 'rice-1');
    await as(business).post('/pickups', { orgId: shop, code: first.body.pickupCode }).expect(200);

    // 6. Redeem another, then cancel it: the hold is voided.
    const second = await as(resident.token).post('/redemptions', { rewardId: reward.body.id }).expect(201);
    names.set(second.body.id as string, 'rice-2');
    expect((await as(resident.token).post(`/redemptions/${second.body.id}/cancel`).expect(200)).body.status).toBe('cancelled');

    // 7. Redeem a third and let the code lapse: the sweep voids the hold.
    const third = await as(resident.token).post('/redemptions', { rewardId: reward.body.id }).expect(201);
    names.set(third.body.id as string, 'rice-3');
    await donations().query(`UPDATE redemptions SET expires_at = now() - interval '1 minute' WHERE id = $1`, [third.body.id]);
    await platform.donations!.get(DonationJobs).run(DonationJobNames.Sweep);
    await waitFor(
      async () => (await as(resident.token).get(`/redemptions/${third.body.id}`).expect(200)).body.status as string,
      (s) => s === 'expired',
      {
        what: 'the lapsed code to be voided',
      },
    );

    const trial = await as(admin).get('/ledger/trial-balance').expect(200);
    const books = await printLedger(
      ledger(),
      [
        ...(trial.body.assets as {
          asset: string;
          accounts: number;
          debits: number;
          credits: number;
          sum: number;
          balanced: boolean;
        }[]),
      ].sort((a, b) => a.asset.localeCompare(b.asset)),
      name,
    );
    const inKind = (await donations().query(
      `SELECT id, item, unit, unit_value_fen::text AS v, quantity::text AS q, received_quantity::text AS r, allocated_quantity::text AS a,
              delivered_quantity::text AS d, (delivered_quantity * unit_value_fen)::text AS dv, status
         FROM pledges ORDER BY created_at`,
    )) as Record<string, string>[];
    const redemptions = (await donations().query(
      `SELECT id, status, points::text AS points FROM redemptions ORDER BY created_at`,
    )) as Record<string, string>[];
    const printed = [
      books.replace(/\n$/, ''),
      '',
      'in kind (estimated value, fen; not in the ledger)',
      `  ${'pledge'.padEnd(9)}${'unit value'.padStart(10)}${'pledged'.padStart(9)}${'received'.padStart(10)}${'allocated'.padStart(11)}${'delivered'.padStart(11)}${'value delivered'.padStart(17)}  ${'status'.padEnd(11)}item`,
      ...inKind.map(
        (p) =>
          `  ${name(p.id!).padEnd(9)}${p.v!.padStart(10)}${p.q!.padStart(9)}${p.r!.padStart(10)}${p.a!.padStart(11)}${p.d!.padStart(11)}${p.dv!.padStart(17)}  ${p.status!.padEnd(11)}${p.item} (${p.unit})`,
      ),
      '',
      'redemptions',
      `  ${'id'.padEnd(9)}${'status'.padEnd(11)}${'points'.padStart(6)}`,
      ...redemptions.map((r) => `  ${name(r.id!).padEnd(9)}${r.status!.padEnd(11)}${r.points!.padStart(6)}`),
      '',
    ]
      .map((line) => line.trimEnd())
      .join('\n');
    console.log(printed); // the story is meant to be read
    expect(printed).toBe(EXPECTED);
  });
});
