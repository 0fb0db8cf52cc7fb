import { randomUUID } from 'node:crypto';
import type { Locator } from 'playwright-core';
import { demo, DEMO_PASSWORD } from '../e2e/platform';
import { BrowserPlatform, DESKTOP, PHONE, type Person } from './support/browser';

const minutes = (n: number) => n * 60_000;

/** The text a locator shows once it is visible, with antd's thin spaces and separators kept. */
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

/**
 * The earn journey by two people at once, in a real Chromium against the real platform: a new
 * resident on a phone registers, signs up and checks in and out with the code the organizer's
 * desktop shows; the organizer verifies; the resident's wallet shows the points.
 */
describe('browser: the earn journey, resident on a phone and organizer on a desktop', () => {
  const site = new BrowserPlatform('browser_earn');
  let resident: Person;
  let organizer: Person;

  beforeAll(async () => {
    await site.start();
    resident = await site.person('resident', { viewport: PHONE, language: 'zh-CN' });
    organizer = await site.person('organizer', { viewport: DESKTOP, language: 'zh-CN' });
  });

  afterAll(() => site.stop());

  it('takes a newcomer from registration to points in the wallet', async () => {
    // The organizer's activity is running now (published through the API: the date pickers are
    // the create form's own suite's business).
    const organizerToken = await site.platform.login(demo('organizer'));
    const orgId = await site.platform.organizedOrg(organizerToken);
    const title = `浏览器测试·社区花园浇水 ${randomUUID().slice(0, 4)}`;
    const published = await site.platform
      .http()
      .post('/api/v1/activities')
      .set('authorization', `Bearer ${organizerToken}`)
      .send({
        orgId,
        title,
        category: 'community',
        place: { name: '阳光社区花园' },
        startsAt: new Date(Date.now() - minutes(10)).toISOString(),
        endsAt: new Date(Date.now() + minutes(120)).toISOString(),
        capacity: 5,
        pointsPerHour: 60,
      });
    expect(published.status).toBe(201);
    const activityId = (published.body as { id: string }).id;

    // A newcomer registers on the phone.
    const phone = resident.page;
    await phone.goto('/login');
    await phone.getByRole('tab', { name: '注册' }).click();
    await phone.getByTestId('register-email').fill(`browser-${randomUUID().slice(0, 8)}@example.com`);
    await phone.getByTestId('register-password').fill('Resident-pass-2026');
    await phone.getByTestId('register-display-name').fill('浏览器居民');
    await phone.getByTestId('register-submit').click();
    await phone.waitForURL(/\/activities$/);
    expect(await resident.overflowsHorizontally()).toBe(false);

    // … finds the activity and signs up.
    await phone.goto(`/activities/${activityId}`);
    expect(await textOf(phone.getByRole('heading', { name: title }))).toBe(title);
    await phone.getByTestId('signup-button').click();
    await phone.locator('[data-testid="my-signup-status"][data-status="confirmed"]').waitFor();
    await resident.screenshot('1-signed-up');

    // The organizer, at a desktop, opens the roster and reads the code aloud.
    await signIn(organizer, demo('organizer'));
    await organizer.page.goto(`/organizer/activities/${activityId}`);
    const code = await textOf(organizer.page.getByTestId('check-in-code'));
    expect(code.replace(/\D/g, '')).toMatch(/^\d{6}$/);

    // The resident types it to check in, then again to check out.
    await phone.getByTestId('attendance-code').fill(code.replace(/\D/g, ''));
    await phone.getByTestId('check-in-button').click();
    await phone.getByTestId('attendance-panel').getByText('已签到', { exact: true }).waitFor();
    await phone.getByTestId('attendance-code').fill(code.replace(/\D/g, ''));
    await phone.getByTestId('check-out-button').click();
    await phone.getByTestId('attendance-panel').getByText('已签退', { exact: true }).waitFor();
    await resident.screenshot('2-checked-out');

    // The resident opens the wallet and keeps it open: nothing there yet.
    await phone.goto('/wallet');
    await phone.getByTestId('wallet-empty').waitFor();

    // The organizer sees the check-out, corrects the time to the half hour served and verifies.
    const row = organizer.page.getByTestId('roster-row').filter({ hasText: '浏览器居民' });
    // The roster, open since before the check-in, shows the check-out by itself.
    await row.getByTestId('verify-button').waitFor({ timeout: 30_000 });
    await row.getByTestId('verify-button').click();
    await organizer.page.getByTestId('verify-minutes').fill('30');
    await organizer.page.getByTestId('verify-reason').fill('现场实际服务半小时');
    expect(await textOf(organizer.page.getByTestId('verify-points-preview'))).toContain('30');
    await organizer.screenshot('3-verify-dialog');
    await organizer.page.getByTestId('verify-submit').click();
    await row.getByTestId('verified-label').waitFor();

    // The points arrive in the open wallet by themselves, announced, without a reload: 30 minutes
    // at 60 points an hour.
    const navigations: string[] = [];
    phone.on('framenavigated', (frame) => {
      if (frame === phone.mainFrame()) navigations.push(frame.url());
    });
    const notice = phone.getByTestId('wallet-arrived');
    await notice.waitFor({ timeout: 30_000 });
    expect(await textOf(notice)).toContain('+30 积分');
    expect(await textOf(notice)).toContain(title);
    await phone.getByTestId('wallet-entry').first().waitFor();
    expect(await textOf(phone.getByTestId('wallet-available'))).toContain('30');
    expect(navigations).toEqual([]);
    await resident.screenshot('4-points-arrived');
    const entry = phone.getByTestId('wallet-entry').first();
    expect(await entry.getByTestId('wallet-entry-code').getAttribute('data-code')).toBe('earn');
    expect(await textOf(entry.getByTestId('wallet-entry-amount'))).toContain('30');
    expect(await resident.overflowsHorizontally()).toBe(false);

    expect(resident.problems).toEqual([]);
    expect(organizer.problems).toEqual([]);
  });
});
