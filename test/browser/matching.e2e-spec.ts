import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { waitFor } from '@goodloop/common/testing';
import { demo, DEMO_PASSWORD } from '../e2e/platform';
import { BrowserPlatform, DESKTOP, PHONE, type Person } from './support/browser';

/** axe-core's engine, put into the page as it is (see accessibility.e2e-spec.ts). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Where the need is (阳光社区, Chengdu), and the grocer's pickup place about half a kilometre away. */
const NEED_PLACE = { latitude: 30.6598, longitude: 104.0657 };
const PICKUP = { lat: 30.6612, lng: 104.0701 };

/** A time as `<input type="datetime-local">` wants it, in the browser's zone (Asia/Shanghai, +08:00). */
function shanghaiInput(at: Date): string {
  return new Date(at.getTime() + 8 * 60 * 60_000).toISOString().slice(0, 16);
}

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return (await locator.innerText()).trim();
}

async function signIn(person: Person, email: string, password = DEMO_PASSWORD): Promise<void> {
  const { page } = person;
  await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Nothing wider than the screen, and nothing the console complained about so far. */
async function expectTidy(person: Person): Promise<void> {
  expect(await person.overflowsHorizontally()).toBe(false);
  expect(person.problems).toEqual([]);
}

/** Picks an option of an antd select by its text, and waits until the select shows it. */
async function choose(page: Page, testId: string, option: string): Promise<void> {
  const select = page.getByTestId(testId);
  await select.click();
  const item = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: option });
  await item.first().click();
  await select.locator(`[title="${option}"]`).waitFor();
}

/** The person's browser knows where they are and may say so. */
async function placeAt(person: Person, at: { latitude: number; longitude: number }, origin: string): Promise<void> {
  await person.context.grantPermissions(['geolocation'], { origin });
  await person.context.setGeolocation(at);
}

/** The serious and critical WCAG 2.1 A/AA violations axe finds on the page as it stands. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)`,
  )) as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Matching in a real Chromium against the real platform (gateway, volunteers, ledger, donations
 * and matching): an organizer posts a need for rice for older people on a 375 px phone; anyone
 * finds it on the needs board and its map, in Chinese and English, near where they stand;
 * foundation staff start a run at a desk and watch it finish with its totals; the organizer reads
 * why the grocer's stock was proposed and accepts; the grocer accepts on its phone; the stock is
 * allocated. A resident fills in a volunteer profile on the phone.
 */
describe('browser: a need, a matching run, both sides accept, the stock is allocated', () => {
  const site = new BrowserPlatform('browser_matching');
  let organizer: Person;
  let staff: Person;
  let business: Person;
  const title = `独居老人冬季大米 ${randomUUID().slice(0, 4)}`;
  let needId = '';
  let pledgeId = '';

  beforeAll(async () => {
    await site.start();
    organizer = await site.person('organizer', { viewport: PHONE, language: 'zh-CN' });
    staff = await site.person('foundation', { viewport: DESKTOP, language: 'zh-CN' });
    business = await site.person('business', { viewport: PHONE, language: 'zh-CN' });

    // The grocer (the demo business) pledges ten bags of rice with what matching needs to know —
    // what they are and where they are picked up — and the foundation's staff take them in.
    const api = site.platform;
    const [businessToken, staffToken, organizerToken] = await Promise.all([
      api.login(demo('business')),
      api.login(demo('foundation')),
      api.login(demo('organizer')),
    ]);
    const me = await api.http().get('/api/v1/me').set('authorization', `Bearer ${businessToken}`).expect(200);
    const businessOrg = (me.body as { memberships: { orgId: string; role: string }[] }).memberships.find(
      (m) => m.role === 'business',
    )!.orgId;
    // Donations learns of the demo organisations from identity's events: wait until it takes the pledge.
    const pledge = await waitFor(
      () =>
        api
          .http()
          .post('/api/v1/pledges')
          .set('authorization', `Bearer ${businessToken}`)
          .set('idempotency-key', randomUUID())
          .send({
            orgId: businessOrg,
            item: '东北大米 10kg',
            category: 'goods',
            quantity: 10,
            unit: '袋',
            unitValue: 5_000,
            expiresOn: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
            pickupPlace: '阳光粮油店',
            pickupHours: '9:00–18:00',
            itemCategory: 'rice_flour',
            pickupLat: PICKUP.lat,
            pickupLng: PICKUP.lng,
          }),
      (res) => res.status === 201,
      { what: 'the pledge to be taken', timeoutMs: 30_000, intervalMs: 500 },
    );
    pledgeId = (pledge.body as { id: string }).id;
    await api
      .http()
      .post(`/api/v1/pledges/${pledgeId}/receive`)
      .set('authorization', `Bearer ${staffToken}`)
      .send({ quantity: 10 })
      .expect(200);
    // Matching hears of the stock from donations' event: the offer is there before anyone runs.
    await waitFor(
      async () =>
        (
          await api
            .http()
            .get('/api/v1/offers')
            .query({ kind: 'item', category: 'rice_flour' })
            .set('authorization', `Bearer ${organizerToken}`)
        ).body as { items?: { id: string; available: number }[] },
      (page) => page.items?.some((offer) => offer.id === pledgeId && offer.available === 10) === true,
      { what: 'the rice to be offered', timeoutMs: 30_000, intervalMs: 250 },
    );
  }, 240_000);

  afterAll(() => site.stop());

  it('the organizer posts a need for rice for older people on the phone, with the form refusing what is missing', async () => {
    await placeAt(organizer, NEED_PLACE, site.url);
    await signIn(organizer, demo('organizer'));
    const { page } = organizer;
    await page.getByTestId('nav-needs').click();
    await page.waitForURL(/\/needs$/);
    await page.getByTestId('subnav-post-need').click();
    await page.waitForURL(/\/organizer\/needs\/new$/);
    await page.getByTestId('need-form-title').waitFor();

    // Sent empty: each missing field says so, and nothing is posted.
    await page.getByTestId('need-form-submit').click();
    const errors = page.locator('.ant-form-item-explain-error');
    await errors.first().waitFor();
    expect(await errors.allInnerTexts()).toEqual(
      expect.arrayContaining(['请输入需求名称', '请选择物资类别', '请输入地址', '请选择截止时间', '请至少选择一个受益人群']),
    );
    expect(await organizer.overflowsHorizontally()).toBe(false);

    await page.getByTestId('need-form-title').fill(title);
    await choose(page, 'need-form-category', '米面');
    await page.getByTestId('need-form-quantity').fill('5');
    await page.getByTestId('need-form-unit').fill('袋');
    await page.getByTestId('need-form-address').fill('阳光社区 3 栋 1 单元');
    await page.getByTestId('need-form-neighbourhood').fill('阳光社区');
    // "Use my location" fills in the coordinates the phone reports.
    await page.getByTestId('need-form-locate').click();
    await waitFor(
      () => page.getByTestId('need-form-lat').inputValue(),
      (v) => v === '30.6598',
      { what: 'the latitude' },
    );
    expect(await page.getByTestId('need-form-lng').inputValue()).toBe('104.0657');
    await page.getByTestId('need-form-deadline').fill(shanghaiInput(new Date(Date.now() + 7 * 86_400_000)));
    await page.getByTestId('need-form-urgency-5').click();
    await page.getByTestId('need-form-beneficiary-elderly').check();
    expect(await textOf(page.getByTestId('need-urgency'))).toContain('紧急程度 5/5');
    await organizer.screenshot('1-need-form');
    await expectTidy(organizer);

    await page.getByTestId('need-form-submit').click();
    await page.waitForURL(/\/needs\/[0-9a-f-]{36}$/);
    needId = page.url().split('/').pop()!;
    const detail = page.getByTestId('need-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-status')).toBe('open');
    expect(await textOf(detail)).toContain('米面');
    expect(await page.getByTestId('need-progress').getAttribute('data-quantity')).toBe('5');
    await organizer.screenshot('2-need-posted');
    await expectTidy(organizer);
  }, 180_000);

  it.each([
    ['zh-CN', '米面', '紧急'],
    ['en', 'Rice and flour', 'Urgent'],
  ])(
    'the needs board and its map show the need at 375 px (%s), nearest first around the visitor',
    async (language, category, urgent) => {
      const visitor = await site.person(`visitor-${language}`, { viewport: PHONE, language });
      await placeAt(visitor, { latitude: NEED_PLACE.latitude + 0.004, longitude: NEED_PLACE.longitude - 0.003 }, site.url);
      const { page } = visitor;
      await page.goto('/needs');
      const card = page.getByTestId('need-card').filter({ hasText: title });
      await card.waitFor();
      expect(await textOf(card.getByTestId('need-category'))).toBe(category);
      expect(await textOf(card.getByTestId('need-urgency'))).toContain(urgent);
      expect(await card.getByTestId('need-progress').getAttribute('data-met')).toBe('0');
      await visitor.screenshot('1-board');
      await expectTidy(visitor);

      // Near me: the browser's position, the distance on each card.
      await page.getByTestId('needs-near-me').click();
      const distance = card.getByTestId('need-distance');
      await distance.waitFor();
      expect(await distance.innerText()).toMatch(/0\.\d km/);

      // The map: a dot for the need, coloured and numbered, and the visitor's own position.
      await page.getByTestId('needs-view-map').click();
      const map = page.getByTestId('needs-map');
      await map.waitFor();
      await map.getByTestId('map-me').waitFor();
      const dot = map.locator(`[data-testid="map-dot"][data-need-id="${needId}"]`);
      await dot.waitFor();
      expect(await dot.locator('circle').getAttribute('fill')).toBe('#820014');
      await visitor.screenshot('2-map');
      await expectTidy(visitor);
      expect(await seriousViolations(page)).toEqual([]);

      // A wide screen, for the record.
      await page.setViewportSize(DESKTOP);
      await visitor.screenshot('3-map-desktop');
      await expectTidy(visitor);

      await dot.click();
      await page.waitForURL(new RegExp(`/needs/${needId}$`));
      await page.getByTestId('need-detail').waitFor();
      await visitor.context.close();
    },
    180_000,
  );

  it('foundation staff start a run at a desk and see it finish with its totals and proposals', async () => {
    await signIn(staff, demo('foundation'));
    const { page } = staff;
    await page.goto('/needs');
    await page.getByTestId('subnav-matching-runs').click();
    await page.waitForURL(/\/staff\/matching/);
    await page.getByTestId('run-max-distance').fill('10');
    await page.getByTestId('run-start').click();
    const detail = page.locator('[data-testid="run-detail"][data-status="done"]');
    await detail.waitFor({ timeout: 60_000 });
    expect(Number(await page.getByTestId('run-matches').getAttribute('data-value'))).toBeGreaterThanOrEqual(1);
    expect(Number(await page.getByTestId('run-units').getAttribute('data-value'))).toBeGreaterThanOrEqual(5);
    expect(Number(await page.getByTestId('run-needs-fully').getAttribute('data-value'))).toBeGreaterThanOrEqual(1);
    const proposal = page.getByTestId('run-match-list').getByTestId('match-card').filter({ hasText: title });
    await proposal.waitFor();
    expect(await proposal.getAttribute('data-status')).toBe('proposed');
    expect(await page.getByTestId('run-row').first().getAttribute('data-status')).toBe('done');
    await staff.screenshot('1-run-done');
    await expectTidy(staff);
  }, 180_000);

  it('the organizer reads why and accepts; the grocer accepts on its phone; the stock is allocated', async () => {
    // The organizer's matches: the grocer's rice, with the score and its parts.
    const phone = organizer.page;
    await phone.getByTestId('nav-needs').click();
    await phone.getByTestId('subnav-matches').click();
    await phone.waitForURL(/\/matches$/);
    const mine = phone.getByTestId('match-card').filter({ hasText: title });
    await mine.waitFor();
    expect(await mine.getAttribute('data-status')).toBe('proposed');
    expect(await textOf(mine.getByTestId('match-quantity'))).toContain('5 袋');
    const why = mine.getByTestId('match-why');
    expect(Number(await why.getByTestId('match-part-urgency').getAttribute('data-value'))).toBeGreaterThan(0);
    expect(Number(await why.getByTestId('match-part-distance').getAttribute('data-value'))).toBeGreaterThan(0);
    const parts = await Promise.all(
      ['urgency', 'distance', 'expiry', 'fairness'].map(async (part) =>
        Number(await why.getByTestId(`match-part-${part}`).getAttribute('data-value')),
      ),
    );
    expect(parts.reduce((a, b) => a + b, 0)).toBe(Number(await why.getByTestId('match-score').getAttribute('data-score')));
    expect(await textOf(mine.getByTestId('match-need-side'))).toContain('需求方（你）');
    await organizer.screenshot('3-my-matches');
    await expectTidy(organizer);
    expect(await seriousViolations(phone)).toEqual([]);
    await mine.getByTestId('match-accept').click();
    await mine.locator('[data-testid="match-need-side"][data-answer="accepted"]').waitFor();
    expect(await textOf(mine.getByTestId('match-outcome'))).toContain('等待对方答复');

    // The grocer, on its phone.
    await signIn(business, demo('business'));
    const shop = business.page;
    await shop.getByTestId('nav-needs').click();
    await shop.getByTestId('subnav-matches').click();
    const theirs = shop.getByTestId('match-card').filter({ hasText: title });
    await theirs.waitFor();
    expect(await textOf(theirs.getByTestId('match-offer-side'))).toContain('提供方（你）');
    await business.screenshot('1-match-to-answer');
    await theirs.getByTestId('match-accept').click();
    // Accepted by both: donations sets the stock aside, and the card (read again meanwhile) says so.
    await shop
      .locator(`[data-testid="match-card"][data-status="allocated"]`)
      .filter({ hasText: title })
      .waitFor({ timeout: 30_000 });
    expect(await textOf(theirs.getByTestId('match-outcome'))).toBe('已从库存分配 5 袋');
    await business.screenshot('2-allocated');
    await expectTidy(business);

    // The organizer sees the same, and the need met.
    await phone.reload();
    await phone.locator('[data-testid="match-card"][data-status="allocated"]').filter({ hasText: title }).waitFor();
    await phone.goto(`/needs/${needId}`);
    await phone.locator('[data-testid="need-detail"][data-status="met"]').waitFor();
    expect(await phone.getByTestId('need-progress').getAttribute('data-met')).toBe('5');
    await organizer.screenshot('4-need-met');
    await expectTidy(organizer);
    expect(staff.problems).toEqual([]);
  }, 180_000);

  it('a resident fills in a volunteer profile on the phone: a skill, a free afternoon, the home area', async () => {
    const email = `volunteer-${randomUUID().slice(0, 8)}@example.com`;
    await site.platform.register(email, '浏览器志愿者');
    const resident = await site.person('volunteer', { viewport: PHONE, language: 'zh-CN' });
    await placeAt(resident, NEED_PLACE, site.url);
    await signIn(resident, email, 'Resident-pass-2026');
    const { page } = resident;
    await page.getByTestId('nav-me').click();
    await page.getByTestId('me-volunteer-profile').click();
    await page.waitForURL(/\/me\/volunteer-profile$/);
    expect(await page.getByTestId('profile-stars').getAttribute('data-stars')).toBe('0');
    expect(await textOf(page.getByTestId('profile-next-star'))).toContain('100.0');

    await page.getByTestId('profile-skill-tutoring').check();
    await page.getByTestId('profile-add-slot').click();
    const slot = page.getByTestId('profile-slot').first();
    // An afternoon that ends before it starts is refused beside the field, as typed.
    await slot.getByTestId('profile-slot-from').fill('14:00');
    await slot.getByTestId('profile-slot-to').fill('13:00');
    await page.getByTestId('profile-save').click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: '结束时间必须晚于开始时间' }).waitFor();
    expect(await slot.getByTestId('profile-slot-to').inputValue()).toBe('13:00');
    await slot.getByTestId('profile-slot-to').fill('17:00');
    await page.getByTestId('profile-home-address').fill('阳光社区 7 栋');
    await page.getByTestId('profile-locate').click();
    await waitFor(
      () => page.getByTestId('profile-home-lat').inputValue(),
      (v) => v === '30.6598',
      { what: 'the home latitude' },
    );
    await page.getByTestId('profile-home-reach').fill('5');
    await resident.screenshot('1-profile');
    await expectTidy(resident);
    await page.getByTestId('profile-save').click();
    await page.locator('.ant-message').filter({ hasText: '志愿者资料已保存' }).waitFor();

    await page.reload();
    await page.getByTestId('profile-form').waitFor();
    expect(await page.getByTestId('profile-skill-tutoring').isChecked()).toBe(true);
    expect(await page.getByTestId('profile-slot').first().getByTestId('profile-slot-to').inputValue()).toBe('17:00');
    expect(await page.getByTestId('profile-home-reach').inputValue()).toBe('5');
    await expectTidy(resident);
  }, 180_000);
});
