import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { demo } from '../e2e/platform';
import { waitFor } from '@goodloop/common/testing';
import { BrowserPlatform, PHONE, type Person } from './support/browser';

const minutes = (n: number) => n * 60_000;

/** A time as `<input type="datetime-local">` wants it, in the browser's zone (Asia/Shanghai, +08:00). */
function shanghaiInput(at: Date): string {
  return new Date(at.getTime() + 8 * 60 * 60_000).toISOString().slice(0, 16);
}

/** The texts of the form's refused fields, as the organizer reads them. */
async function fieldErrors(page: Page): Promise<string[]> {
  const errors = page.locator('.ant-form-item-explain-error');
  await errors.first().waitFor();
  return (await errors.allInnerTexts()).map((text) => text.trim());
}

/** True once the locator is visible, giving a freshly loaded page a few seconds to render. */
const appears = (locator: Locator) => () =>
  locator
    .waitFor({ state: 'visible', timeout: 3_000 })
    .then(() => true)
    .catch(() => false);

async function reloadUntil(page: Page, ready: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(500);
    await page.reload();
  }
}

/** Opens the bulk dialog and waits for its opening animation to end, so a click lands where it aims. */
async function openBulkVerify(page: Page): Promise<void> {
  await page.getByTestId('bulk-verify-button').click();
  await page.getByTestId('bulk-verify-dialog').waitFor();
  await page.locator('.ant-modal[class*="ant-zoom"]').waitFor({ state: 'detached' });
}

/**
 * The organizer's two tasks on a 375 px phone, in Chinese, against the real platform: the
 * publish form refuses what the API would refuse — 0 places, −5 points an hour, 2.5 places, a
 * 5,000-character title — keeping what was typed and creating nothing, then publishes once it is
 * fixed; and the roster verifies three volunteers in one action, each getting their points.
 */
describe('browser: the organizer publishes with a form that refuses, and verifies a roster at once', () => {
  // Forty residents register from this one address for the timing test below.
  const site = new BrowserPlatform('browser_organizer', { RATE_LIMIT_REGISTER_PER_MINUTE: '100' });
  let organizer: Person;

  beforeAll(async () => {
    await site.start();
    organizer = await site.person('organizer', { viewport: PHONE, language: 'zh-CN' });
  });

  afterAll(() => site.stop());

  it('refuses bad input without changing it, publishes once fixed, and verifies the whole roster in one action', async () => {
    const api = site.platform;
    const organizerToken = await api.login(demo('organizer'));
    await api.organizedOrg(organizerToken);
    const tag = `表单${randomUUID().slice(0, 6)}`;
    const longTitle = `${tag} ${'长'.repeat(5000 - tag.length - 1)}`;
    const title = `${tag} 社区花园浇水`;
    const activitiesTitled = async (): Promise<{ id: string; title: string }[]> => {
      const res = await api
        .http()
        .get('/api/v1/activities')
        .query({ q: tag, from: new Date(Date.now() - minutes(24 * 60)).toISOString(), limit: 100 });
      expect(res.status).toBe(200);
      return (res.body as { items: { id: string; title: string }[] }).items;
    };

    // The demo organizer signs in on the phone and opens the publish form.
    const { page } = organizer;
    await page.goto('/login');
    await page.getByTestId('login-email').fill(demo('organizer'));
    await page.getByTestId('login-password').fill('GoodLoop-demo-2026');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto('/organizer');
    await page.getByTestId('create-activity-button').first().click();
    await page.getByTestId('activity-form-title').waitFor();

    // Everything wrong at once: 0 places, −5 points, a 5,000-character title; it started 10 minutes ago.
    const startsAt = new Date(Date.now() - minutes(10));
    await page.getByTestId('activity-form-title').fill(longTitle);
    await page.getByTestId('activity-form-category').click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^社区$/ })
      .first()
      .click();
    await page.getByTestId('activity-form-place-name').fill('阳光社区花园');
    await page.getByTestId('activity-form-starts-at').fill(shanghaiInput(startsAt));
    await page.getByTestId('activity-form-ends-at').fill(shanghaiInput(new Date(startsAt.getTime() + minutes(120))));
    await page.getByTestId('activity-form-capacity').fill('0');
    await page.getByTestId('activity-form-points-per-hour').fill('-5');
    await page.getByTestId('activity-form-submit').click();

    expect(await fieldErrors(page)).toEqual(
      expect.arrayContaining([
        '活动名称最多 120 个字，现在是 5000 个字',
        '名额须在 1 到 10000 之间',
        '每小时积分须在 0 到 1000 之间，不能为负数',
      ]),
    );
    // Nothing was cut, clamped or rounded, and the counter shows the API's maximum.
    expect(await page.getByTestId('activity-form-title').inputValue()).toHaveLength(5000);
    expect(await page.getByTestId('activity-form-capacity').inputValue()).toBe('0');
    expect(await page.getByTestId('activity-form-points-per-hour').inputValue()).toBe('-5');
    expect(await page.locator('.ant-input-show-count-suffix, .ant-input-data-count').first().innerText()).toContain('5000 / 120');
    // The start in the past is a warning, not a refusal.
    expect(await page.locator('.ant-form-item-explain-warning').first().innerText()).toContain('开始时间已经过去');
    // The form scrolled back up to the first refused field (the title) rather than leaving the
    // organizer at the button.
    expect(await page.getByTestId('activity-form-title').isVisible()).toBe(true);
    expect(await organizer.overflowsHorizontally()).toBe(false);
    await organizer.screenshot('1-form-refused');

    // 2.5 places is not a whole number: refused, and left as typed.
    await page.getByTestId('activity-form-capacity').fill('2.5');
    await page.getByTestId('activity-form-submit').click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: '名额必须是整数' }).waitFor();
    expect(await page.getByTestId('activity-form-capacity').inputValue()).toBe('2.5');
    expect(await activitiesTitled()).toEqual([]);

    // Fixed: a short title, 5 places, 60 points an hour → published, and the roster opens.
    await page.getByTestId('activity-form-title').fill(title);
    await page.getByTestId('activity-form-capacity').fill('5');
    await page.getByTestId('activity-form-points-per-hour').fill('60');
    await page.getByTestId('activity-form-submit').click();
    await page.waitForURL(/\/organizer\/activities\/[0-9a-f-]{36}$/);
    const activityId = page.url().split('/').pop()!;
    const published = await activitiesTitled();
    expect(published).toEqual([expect.objectContaining({ id: activityId, title })]);
    const activity = await api.http().get(`/api/v1/activities/${activityId}`).set('authorization', `Bearer ${organizerToken}`);
    expect(activity.body).toMatchObject({ capacity: 5, pointsPerHour: 60, title });
    const code = (activity.body as { checkInCode: string }).checkInCode;

    // Three residents register, sign up, and check in and out with the code (through the API).
    const residents = await Promise.all(
      ['张阿姨', '李叔叔', '王同学'].map(async (name) => ({
        name,
        ...(await api.register(`roster-${randomUUID().slice(0, 8)}@example.com`, name)),
      })),
    );
    for (const resident of residents) {
      const auth = `Bearer ${resident.token}`;
      const signup = await api.http().post(`/api/v1/activities/${activityId}/signups`).set('authorization', auth).send({});
      expect(signup.status).toBe(201);
      for (const action of ['check_in', 'check_out']) {
        const res = await api
          .http()
          .post(`/api/v1/activities/${activityId}/attendance`)
          .set('authorization', auth)
          .send({ action, code });
        expect([200, 201]).toContain(res.status);
      }
    }

    // The organizer selects everyone checked out and verifies 30 minutes each in one action.
    await reloadUntil(
      page,
      async () =>
        (await appears(page.getByTestId('roster-select-all'))()) && (await page.getByTestId('roster-select').count()) === 3,
      'the three check-outs on the roster',
    );
    await page.getByTestId('roster-select-all').click();
    expect(await page.getByTestId('bulk-verify-button').innerText()).toContain('3');
    expect(await organizer.overflowsHorizontally()).toBe(false);
    await organizer.screenshot('2-roster-selected');
    await openBulkVerify(page);
    await page.getByTestId('bulk-verify-mode-same').check();
    await page.getByTestId('bulk-verify-minutes').fill('30');
    await page.getByTestId('bulk-verify-reason').fill('现场签到表：每人服务半小时');
    expect(await page.getByTestId('bulk-verify-points-preview').innerText()).toContain('90');
    expect(await organizer.overflowsHorizontally()).toBe(false);
    await organizer.screenshot('3-bulk-verify');
    const started = Date.now();
    await page.getByTestId('bulk-verify-submit').click();
    const summary = page.getByTestId('bulk-verify-summary');
    await summary.waitFor();
    const tookMs = Date.now() - started;
    expect(await summary.innerText()).toContain('已核验 3 人 · 待第二人审批 0 人 · 未核验 0 人');
    const states = await page
      .getByTestId('bulk-verify-result')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')));
    expect(states).toEqual(['verified', 'verified', 'verified']);
    expect(await organizer.overflowsHorizontally()).toBe(false);
    await organizer.screenshot('4-bulk-verified');
    await page.getByTestId('bulk-verify-close').click();
    await page.getByTestId('verified-label').nth(2).waitFor();
    expect(await page.getByTestId('verified-label').count()).toBe(3);
    expect(await page.getByTestId('roster-select-all').count()).toBe(0);
    expect(await organizer.overflowsHorizontally()).toBe(false);
    await organizer.screenshot('5-roster-verified');
    console.log(`bulk verification of 3 on a phone: ${tookMs} ms from the press to the summary`);

    // Each wallet gets 30 minutes at 60 points an hour.
    for (const resident of residents) {
      const wallet = await waitFor(
        async () =>
          (await api.http().get('/api/v1/me/wallet').set('authorization', `Bearer ${resident.token}`)).body as {
            available: number;
            balance: number;
          },
        (body) => body.balance === 30,
        { what: `${resident.name}'s 30 points` },
      );
      expect(wallet).toMatchObject({ balance: 30, available: 30 });
    }

    expect(organizer.problems).toEqual([]);
  });

  it('verifies a roster of 40 in one action, each person with their own outcome (the time it takes is printed, not bounded: it follows the load on the machine)', async () => {
    const api = site.platform;
    const organizerToken = await api.login(demo('organizer'));
    const orgId = await api.organizedOrg(organizerToken);
    const created = await api
      .http()
      .post('/api/v1/activities')
      .set('authorization', `Bearer ${organizerToken}`)
      .send({
        orgId,
        title: `四十人清扫 ${randomUUID().slice(0, 4)}`,
        category: 'community',
        place: { name: '阳光社区' },
        startsAt: new Date(Date.now() - minutes(10)).toISOString(),
        endsAt: new Date(Date.now() + minutes(110)).toISOString(),
        capacity: 40,
        pointsPerHour: 60,
      });
    expect(created.status).toBe(201);
    const { id: activityId, checkInCode: code } = created.body as { id: string; checkInCode: string };

    // Forty residents sign up, check in and check out, eight at a time.
    const names = Array.from({ length: 40 }, (_, i) => `志愿者${String(i + 1).padStart(2, '0')}`);
    const residents: { name: string; token: string; userId: string }[] = [];
    for (let i = 0; i < names.length; i += 8) {
      residents.push(
        ...(await Promise.all(
          names.slice(i, i + 8).map(async (name) => {
            const resident = { name, ...(await api.register(`forty-${randomUUID().slice(0, 8)}@example.com`, name)) };
            const auth = `Bearer ${resident.token}`;
            const signup = await api.http().post(`/api/v1/activities/${activityId}/signups`).set('authorization', auth).send({});
            expect(signup.status).toBe(201);
            for (const action of ['check_in', 'check_out']) {
              const res = await api
                .http()
                .post(`/api/v1/activities/${activityId}/attendance`)
                .set('authorization', auth)
                .send({ action, code });
              expect([200, 201]).toContain(res.status);
            }
            return resident;
          }),
        )),
      );
    }

    const { page } = organizer;
    await page.goto(`/organizer/activities/${activityId}`);
    await reloadUntil(
      page,
      async () =>
        (await appears(page.getByTestId('roster-select-all'))()) && (await page.getByTestId('roster-select').count()) === 40,
      'forty check-outs on the roster',
    );
    await page.getByTestId('roster-select-all').click();
    await openBulkVerify(page);
    await page.getByTestId('bulk-verify-mode-same').check();
    await page.getByTestId('bulk-verify-minutes').fill('30');
    await page.getByTestId('bulk-verify-reason').fill('现场签到表：每人服务半小时');
    const started = Date.now();
    await page.getByTestId('bulk-verify-submit').click();
    const summary = page.getByTestId('bulk-verify-summary');
    // One action for the whole roster; how long it takes on this machine is printed below, not asserted.
    await summary.waitFor({ timeout: 30_000 });
    const tookMs = Date.now() - started;
    console.log(`bulk verification of 40 on a phone: ${tookMs} ms from the press to the summary`);
    expect(await summary.innerText()).toContain('已核验 40 人 · 待第二人审批 0 人 · 未核验 0 人');
    expect(await organizer.overflowsHorizontally()).toBe(false);
    await organizer.screenshot('6-forty-verified');

    // Every one of them is paid once: 30 minutes at 60 points an hour.
    for (const resident of residents) {
      await waitFor(
        async () =>
          (
            (await api.http().get('/api/v1/me/wallet').set('authorization', `Bearer ${resident.token}`)).body as {
              balance: number;
            }
          ).balance,
        (balance) => balance === 30,
        { what: `${resident.name}'s 30 points` },
      );
    }
    expect(organizer.problems).toEqual([]);
  });
});
