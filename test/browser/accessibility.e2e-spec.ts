import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { waitFor } from '@goodloop/common/testing';
import { demo, DEMO_PASSWORD } from '../e2e/platform';
import { BrowserPlatform, DESKTOP, PHONE, type Person } from './support/browser';

/** axe-core's engine, put into each page as it is, from the package the tests depend on. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; any: { data?: { fgColor?: string; bgColor?: string; contrastRatio?: number } | null }[] }[];
}

/** The serious and critical WCAG 2 A/AA violations axe finds on the page as it stands. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the browser's protocol: the page's own CSP (script-src 'self') rightly
  // refuses an inline script tag.
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)`,
  )) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map(describeNode).join(', ')}`);
}

/** Where, and for a contrast failure the two colours and their ratio. */
function describeNode(node: Violation['nodes'][number]): string {
  const contrast = node.any.find((check) => check.data?.contrastRatio !== undefined)?.data;
  const where = node.target.join(' ');
  return contrast ? `${where} (${contrast.fgColor} on ${contrast.bgColor}: ${contrast.contrastRatio}:1)` : where;
}

async function signIn(person: Person, email: string): Promise<void> {
  await person.page.goto('/login');
  await person.page.getByTestId('login-email').fill(email);
  await person.page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await person.page.getByTestId('login-submit').click();
  await person.page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * Every main page, in Chinese, checked by axe-core in a real browser: no serious or critical
 * violation of WCAG 2.1 A/AA — on a phone for residents, at a desk for organizers and staff.
 */
describe('browser: accessibility of the main pages', () => {
  const site = new BrowserPlatform('browser_a11y');

  let activityId: string;

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
        title: '无障碍检查·社区读书会',
        category: 'community',
        description: '为社区长者朗读报纸，陪伴聊天。',
        place: { name: '阳光社区活动中心', address: '幸福路 1 号' },
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 90_000_000).toISOString(),
        capacity: 10,
        pointsPerHour: 20,
      })
      .expect(201);
    activityId = (res.body as { id: string }).id;
  });
  afterAll(() => site.stop());

  async function check(person: Person, path: string, ready?: string): Promise<string[]> {
    await person.page.goto(path);
    if (ready) await person.page.getByTestId(ready).first().waitFor();
    await person.page.waitForLoadState('networkidle');
    // A page may show several loaders at once (one per panel): wait until none is left.
    await waitFor(
      () => person.page.getByTestId('page-loading').count(),
      (n) => n === 0,
      { what: `${path} to finish loading`, timeoutMs: 15_000 },
    );
    return (await seriousViolations(person.page)).map((v) => `${path}: ${v}`);
  }

  it('finds nothing serious on the pages of a visitor and a resident', async () => {
    const resident = await site.person('a11y-resident', { viewport: PHONE });
    const found: string[] = [];
    found.push(...(await check(resident, '/activities', 'welcome')));
    found.push(...(await check(resident, '/login', 'login-form')));
    await signIn(resident, demo('resident'));
    found.push(...(await check(resident, '/activities', 'activities-view')));
    found.push(...(await check(resident, `/activities/${activityId}`, 'activity-detail')));
    found.push(...(await check(resident, '/wallet', 'wallet-available')));
    found.push(...(await check(resident, '/me', 'me-display-name')));
    expect(found).toEqual([]);
  });

  it('finds nothing serious on the pages of an organizer and of staff', async () => {
    const organizer = await site.person('a11y-organizer', { viewport: DESKTOP });
    await signIn(organizer, demo('organizer'));
    const found: string[] = [];
    found.push(...(await check(organizer, '/organizer')));
    found.push(...(await check(organizer, '/organizer/activities/new')));
    const admin = await site.person('a11y-admin', { viewport: DESKTOP });
    await signIn(admin, demo('admin'));
    found.push(...(await check(admin, '/staff/ledger', 'trial-balance')));
    found.push(...(await check(admin, '/staff/accounts', 'account-search')));
    expect(found).toEqual([]);
  });
});
