import { demo, DEMO_PASSWORD } from '../e2e/platform';
import { BrowserPlatform, PHONE } from './support/browser';

/**
 * Two tabs of one browser whose access token has expired refresh the session once between them
 * (a Web Lock), so the person stays signed in. The gateway's grace for concurrent refreshes is
 * turned off here: what keeps the session is the tabs' own coordination.
 */
describe('browser: two tabs renew one sign-in without signing the person out', () => {
  const site = new BrowserPlatform('browser_tabs', { REFRESH_REUSE_GRACE_SECONDS: '0' });

  beforeAll(() => site.start());
  afterAll(() => site.stop());

  it('refreshes once for both tabs and keeps the session', async () => {
    const person = await site.person('resident', { viewport: PHONE });
    const first = person.page;
    await first.goto('/login');
    await first.getByTestId('login-email').fill(demo('resident'));
    await first.getByTestId('login-password').fill(DEMO_PASSWORD);
    await first.getByTestId('login-submit').click();
    await first.waitForURL(/\/activities$/);

    // The access token runs out (here: made unreadable), the refresh token is still good.
    await first.evaluate(`(() => {
      const session = JSON.parse(localStorage.getItem('goodloop.session'));
      localStorage.setItem('goodloop.session', JSON.stringify({ ...session, accessToken: 'expired.' + session.accessToken }));
    })()`);
    const second = await person.context.newPage();
    const refreshes: string[] = [];
    for (const page of [first, second]) {
      page.on('request', (request) => {
        if (request.url().endsWith('/api/v1/auth/refresh')) refreshes.push(request.url());
      });
    }

    // A slow network: each refresh takes a second and a half, so both tabs' requests are refused
    // before either refresh answers — the moment two tabs used to sign a person out.
    await person.context.route('**/api/v1/auth/refresh', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });

    // Both tabs open the wallet at once: both get a 401 and want to refresh.
    const answers: number[] = [];
    for (const page of [first, second]) {
      page.on('response', (response) => {
        if (response.url().endsWith('/api/v1/auth/refresh')) answers.push(response.status());
      });
    }
    await Promise.all([first.goto('/wallet'), second.goto('/wallet')]);
    try {
      // A busy machine builds and serves slowly: the point is where the tabs end, not how fast.
      await Promise.all([
        first.getByTestId('wallet-available').waitFor({ timeout: 45_000 }),
        second.getByTestId('wallet-available').waitFor({ timeout: 45_000 }),
      ]);
    } finally {
      await person.screenshot('first-tab');
      await second.screenshot({
        path: (await person.screenshot('first-tab')).replace('first-tab', 'second-tab'),
        fullPage: true,
      });
    }
    expect(refreshes).toHaveLength(1);
    expect(answers).toEqual([200]);

    // Still signed in, in both tabs, after reloads.
    await Promise.all([first.reload(), second.reload()]);
    await Promise.all([
      first.getByTestId('wallet-available').waitFor({ timeout: 45_000 }),
      second.getByTestId('wallet-available').waitFor({ timeout: 45_000 }),
    ]);
    const session = JSON.parse(String(await first.evaluate(`localStorage.getItem('goodloop.session')`))) as {
      accessToken: string;
    };
    await site.platform.http().get('/api/v1/me').set('authorization', `Bearer ${session.accessToken}`).expect(200);
    expect(person.problems).toEqual([]);
  });
});
