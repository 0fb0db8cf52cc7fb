import { randomUUID } from 'node:crypto';
import type { Locator } from 'playwright-core';
import { demo, DEMO_PASSWORD } from '../e2e/platform';
import { BrowserPlatform, PHONE, type Person } from './support/browser';

/** The text a locator shows once it is visible. */
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

/** Nothing wider than the phone, and nothing the console complained about so far. */
async function expectTidy(person: Person): Promise<void> {
  expect(await person.overflowsHorizontally()).toBe(false);
  expect(person.problems).toEqual([]);
}

/** "2027-06-30": a date some weeks ahead, as `<input type="date">` takes it. */
function dateInDays(days: number): string {
  const date = new Date(Date.now() + days * 24 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The in-kind loop on phones, in a real Chromium against the real platform (gateway, ledger,
 * volunteers and donations): the demo business pledges goods; the foundation's staff take them in
 * and list them as a reward; a resident with points redeems it and gets a pickup code; the
 * business types the code to hand it over; the resident sees it picked up.
 */
describe('browser: pledge → stock → reward → redemption → pickup', () => {
  const site = new BrowserPlatform('browser_donations');
  let business: Person;
  let staff: Person;
  let resident: Person;

  beforeAll(async () => {
    await site.start();
    business = await site.person('business', { viewport: PHONE, language: 'zh-CN' });
    staff = await site.person('foundation', { viewport: PHONE, language: 'zh-CN' });
    resident = await site.person('resident', { viewport: PHONE, language: 'zh-CN' });
  });

  afterAll(() => site.stop());

  it('takes a pledge all the way to a resident picking it up', async () => {
    const item = `浏览器测试·爱心大米 ${randomUUID().slice(0, 4)}`;

    // The demo business (爱心企业联盟) pledges ten bags on its phone.
    await signIn(business, demo('business'));
    const shop = business.page;
    await shop.getByTestId('nav-business').click();
    await shop.waitForURL(/\/business\/pledges/);
    await shop.getByTestId('pledge-item').fill(item);
    await shop.getByTestId('pledge-quantity').fill('10');
    await shop.getByTestId('pledge-unit').fill('袋');
    await shop.getByTestId('pledge-unit-value').fill('25.50');
    await shop.getByTestId('pledge-expires-on').fill(dateInDays(60));
    await shop.getByTestId('pledge-pickup-place').fill('阳光社区服务站');
    await shop.getByTestId('pledge-pickup-hours').fill('周一至周五 9:00–17:00');
    await shop.getByTestId('pledge-submit').click();
    const pledged = shop.getByTestId('pledge-card').filter({ hasText: item });
    await pledged.waitFor();
    expect(await pledged.getAttribute('data-status')).toBe('pledged');
    await business.screenshot('1-pledged');
    await expectTidy(business);

    // The foundation's staff (社区公益基金会) take it in, confirming the quantity …
    await signIn(staff, demo('foundation'));
    const desk = staff.page;
    await desk.getByTestId('nav-foundation').click();
    await desk.waitForURL(/\/staff\/pledges/);
    const waiting = desk.getByTestId('pledge-card').filter({ hasText: item });
    await waiting.getByTestId('receive-pledge').click();
    expect(await desk.getByTestId('receive-quantity').inputValue()).toBe('10');
    await desk.getByTestId('receive-submit').click();
    await waiting.waitFor({ state: 'detached' });

    // … and list it as a reward: 5 points a bag, at most two bags each.
    await desk.getByTestId('pledge-filter-in_stock').click();
    const inStock = desk.getByTestId('pledge-card').filter({ hasText: item });
    await inStock.getByTestId('list-reward').click();
    await desk.getByTestId('list-points-price').fill('5');
    await desk.getByTestId('list-per-resident').fill('2');
    await staff.screenshot('2-list-as-reward');
    await desk.getByTestId('list-reward-submit').click();
    await desk.getByTestId('list-reward-submit').waitFor({ state: 'detached' });
    await expectTidy(staff);

    // A new resident, with 100 points credited by the platform admin (a hand transfer on the ledger).
    const email = `browser-${randomUUID().slice(0, 8)}@example.com`;
    const { userId } = await site.platform.register(email, '浏览器居民');
    const adminToken = await site.platform.login(demo('admin'));
    const credited = await site.platform
      .http()
      .post('/api/v1/ledger/transfers')
      .set('authorization', `Bearer ${adminToken}`)
      .set('idempotency-key', randomUUID())
      .send({
        transferId: `adjust:browser-${randomUUID()}`,
        debitAccount: 'issuance:community-points',
        creditAccount: `user:${userId}`,
        asset: 'POINTS',
        amount: 100,
        code: 'adjust',
        references: { description: '浏览器测试：兑换用积分' },
      });
    expect(credited.status).toBe(201);

    // The resident finds the reward in the catalogue and redeems one bag.
    await signIn(resident, email, 'Resident-pass-2026');
    const phone = resident.page;
    await phone.getByTestId('nav-rewards').click();
    await phone.waitForURL(/\/rewards$/);
    const card = phone.getByTestId('reward-card').filter({ hasText: item });
    expect(await textOf(card.getByTestId('reward-price'))).toContain('5 积分');
    await resident.screenshot('3-catalogue');
    await expectTidy(resident);
    await card.click();
    await phone.waitForURL(/\/rewards\/[0-9a-f-]{36}$/);
    expect(await textOf(phone.getByTestId('redeem-total'))).toContain('5 积分');
    await phone.getByTestId('redeem-button').click();
    await phone.getByTestId('redeem-confirm').click();
    // 201 held at once, or 202 holding and then held once the ledger answers (the page polls).
    const codeLocator = phone.getByTestId('pickup-code');
    await codeLocator.waitFor({ timeout: 30_000 });
    const code = (await codeLocator.getAttribute('data-code')) ?? '';
    expect(code).toMatch(/^\d{8}$/);
    await phone.getByTestId('pickup-qr').waitFor();
    await phone.getByTestId('pickup-expires').waitFor();
    await resident.screenshot('4-pickup-code');
    await expectTidy(resident);

    // My redemptions shows it waiting for pickup, with the same code.
    await phone.getByTestId('view-my-redemptions').click();
    await phone.waitForURL(/\/me\/redemptions$/);
    const mine = phone.getByTestId('my-redemption').filter({ hasText: item });
    await mine.waitFor();
    expect(await mine.getAttribute('data-status')).toBe('held');
    expect(await mine.getByTestId('pickup-code').getAttribute('data-code')).toBe(code);

    // At the counter, the business sees the held redemption (the resident anonymised) and types the code.
    await shop.getByTestId('subnav-business-pickups').click();
    await shop.waitForURL(/\/business\/pickups/);
    await shop.getByTestId('held-redemption').filter({ hasText: item }).waitFor();
    await shop.getByTestId('pickup-code-input').fill(code);
    await business.screenshot('5-pickup-typed');
    await shop.getByTestId('pickup-submit').click();
    expect(await textOf(shop.getByTestId('pickup-done'))).toContain(item);
    await expectTidy(business);

    // The resident's list says 已领取.
    await phone.reload();
    const done = phone.getByTestId('my-redemption').filter({ hasText: item });
    await done.locator('[data-testid="redemption-status"][data-status="fulfilled"]').waitFor();
    expect(await textOf(done.getByTestId('redemption-status'))).toBe('已领取');
    await resident.screenshot('6-picked-up');
    await expectTidy(resident);
    expect(staff.problems).toEqual([]);
  });
});
