import type { Locator } from 'playwright-core';
import { demo } from '../e2e/platform';
import { BrowserPlatform, PHONE, type Person } from './support/browser';

const minutes = (n: number) => n * 60_000;

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return (await locator.innerText()).trim();
}

/**
 * What a person reads when something is refused, and in which language: each refusal says what to
 * do, in the language of the screen; the language follows the browser until the person picks one.
 */
describe('browser: refusals in words a volunteer can act on, in their language', () => {
  const site = new BrowserPlatform('browser_words');
  let running: { id: string; checkInCode: string };

  beforeAll(async () => {
    await site.start();
    const organizer = await site.platform.login(demo('organizer'));
    const orgId = await site.platform.organizedOrg(organizer);
    const res = await site.platform
      .http()
      .post('/api/v1/activities')
      .set('authorization', `Bearer ${organizer}`)
      .send({
        orgId,
        title: '浏览器测试·社区图书角整理',
        category: 'community',
        place: { name: '阳光社区图书角' },
        startsAt: new Date(Date.now() - minutes(5)).toISOString(),
        endsAt: new Date(Date.now() + minutes(90)).toISOString(),
        capacity: 5,
        pointsPerHour: 20,
      });
    expect(res.status).toBe(201);
    running = res.body as { id: string; checkInCode: string };
  });

  afterAll(() => site.stop());

  async function signedInResident(language: string): Promise<Person> {
    const person = await site.person(`resident-${language}`, { viewport: PHONE, language });
    await person.page.goto('/login');
    await person.page.getByTestId('login-email').fill(demo('resident'));
    await person.page.getByTestId('login-password').fill('GoodLoop-demo-2026');
    await person.page.getByTestId('login-submit').click();
    await person.page.waitForURL(/\/activities$/);
    return person;
  }

  it('tells a wrong code, a check-out before check-in, and hides 取消报名 once checked in', async () => {
    const resident = await signedInResident('zh-CN');
    const { page } = resident;
    await page.goto(`/activities/${running.id}`);
    await page.getByTestId('signup-button').click();
    await page.locator('[data-testid="my-signup-status"][data-status="confirmed"]').waitFor();
    await page.getByTestId('cancel-signup-button').waitFor();

    const panel = page.getByTestId('attendance-panel');
    const wrong = running.checkInCode === '000000' ? '111111' : '000000';
    await page.getByTestId('attendance-code').fill(wrong);
    await page.getByTestId('check-in-button').click();
    expect(await textOf(panel.locator('.ant-form-item-explain-error'))).toBe('签到码不对，请核对组织者现场出示的六位数字后重试');
    await resident.screenshot('wrong-code');

    await page.getByTestId('attendance-code').fill(running.checkInCode);
    await page.getByTestId('check-out-button').click();
    expect(await textOf(panel.locator('.ant-form-item-explain-error'))).toBe('请先签到，再签退');

    await page.getByTestId('attendance-code').fill(running.checkInCode);
    await page.getByTestId('check-in-button').click();
    await panel.getByText('已签到', { exact: true }).waitFor();
    // Checked in: the place was used, and cancelling is no longer offered, even after a reload.
    await page.reload();
    await panel.getByText('已签到', { exact: true }).waitFor();
    // The window is named after the activity.
    expect(await page.title()).toBe('浏览器测试·社区图书角整理 · GoodLoop 社区公益');
    expect(await page.getByTestId('cancel-signup-button').count()).toBe(0);
    expect(await resident.overflowsHorizontally()).toBe(false);
    expect(resident.problems).toEqual([]);
  });

  it("speaks the browser's language before sign-in, and keeps the one the person picks", async () => {
    const visitor = await site.person('visitor-en', { viewport: PHONE, language: 'en-US' });
    const { page } = visitor;
    await page.goto('/login');
    await page.getByRole('tab', { name: 'Log in' }).waitFor();
    expect(await page.getByTestId('header-language').getAttribute('data-language')).toBe('en');

    // A wrong password, in English.
    await page.getByTestId('login-email').fill(demo('resident'));
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    expect(await textOf(page.getByTestId('login-error'))).toBe('Wrong email or password');
    await visitor.screenshot('login-en');

    // Switched to Chinese, which stays after a reload although the browser asks for English.
    await page.getByTestId('header-language').click();
    await page.getByRole('tab', { name: '登录' }).waitFor();
    await page.reload();
    await page.getByRole('tab', { name: '登录' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    await page.getByTestId('login-email').fill(demo('resident'));
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    expect(await textOf(page.getByTestId('login-error'))).toBe('邮箱或密码错误');
    expect(await visitor.overflowsHorizontally()).toBe(false);
    await visitor.screenshot('login-zh');
    expect(visitor.problems).toEqual([]);
  });

  it('tells an empty search from no activities, and a wrong link from a failure', async () => {
    const visitor = await site.person('visitor-zh', { viewport: PHONE, language: 'zh-CN' });
    const { page } = visitor;
    await page.goto('/activities?q=' + encodeURIComponent('不存在的活动关键词'));
    expect(await textOf(page.getByTestId('activities-no-match'))).toContain('没有找到与“不存在的活动关键词”相关的活动');
    expect(await page.getByText('暂时没有活动').count()).toBe(0);
    await visitor.screenshot('no-match');
    expect(await page.title()).toBe('志愿活动 · GoodLoop 社区公益');
    await page.getByTestId('activities-clear-filters').click();
    await page.waitForURL((url) => url.search === '');
    await page.getByText('浏览器测试·社区图书角整理').first().waitFor();

    for (const link of ['/activities/not-an-activity', '/activities/0190a4a0-0000-7000-8000-000000000001']) {
      await page.goto(link);
      expect(await textOf(page.getByTestId('page-not-found'))).toContain('找不到这个活动');
      expect(await page.getByTestId('page-error').count()).toBe(0);
      expect(await page.getByRole('button', { name: '重试' }).count()).toBe(0);
    }
    await visitor.screenshot('not-found');
    expect(visitor.problems).toEqual([]);
  });

  it('says when the network is down, and loads by itself when it is back', async () => {
    const visitor = await site.person('visitor-offline', { viewport: PHONE, language: 'zh-CN' });
    const { page } = visitor;
    await page.goto('/activities');
    await page.getByText('浏览器测试·社区图书角整理').first().waitFor();
    expect(await page.getByTestId('offline-banner').count()).toBe(0);

    await visitor.context.setOffline(true);
    // A filter asks for a new list while offline: the page says why nothing comes.
    await page.getByTestId('category-filter-community').click();
    expect(await textOf(page.getByTestId('offline-banner'))).toContain('网络已断开');
    await page.getByTestId('page-loading').waitFor();
    await visitor.screenshot('offline');

    await visitor.context.setOffline(false);
    await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
    await page.getByText('浏览器测试·社区图书角整理').first().waitFor();
    expect(await page.getByTestId('page-loading').count()).toBe(0);
    // The browser notes what it could not fetch while the test held the network down.
    expect(visitor.problems.filter((p) => !p.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  it('answers API callers in the language they ask for', async () => {
    const body = { email: demo('resident'), password: 'not-the-password' };
    const chinese = await site.platform.http().post('/api/v1/auth/login').set('accept-language', 'zh-CN,zh;q=0.9').send(body);
    expect(chinese.status).toBe(401);
    expect(chinese.body).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '邮箱或密码错误' });
    const english = await site.platform.http().post('/api/v1/auth/login').set('accept-language', 'en-GB').send(body);
    expect(english.body).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Wrong email or password' });

    // A refusal relayed from another service, too: the volunteers service's wrong-code answer.
    const resident = await site.platform.login(demo('resident'));
    const wrong = running.checkInCode === '222222' ? '333333' : '222222';
    const refused = await site.platform
      .http()
      .post(`/api/v1/activities/${running.id}/attendance`)
      .set('authorization', `Bearer ${resident}`)
      .set('accept-language', 'zh')
      .send({ action: 'check_in', code: wrong });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.body.message).toMatch(/[\u4e00-\u9fff]/);
  });
});
