import { afterEach, describe, expect, it } from 'vitest';
import { AppRoutes } from './app';
import { json, stubFetch } from './test/fetch-stub';
import { renderWithProviders, waitFor, type Rendered } from './test/render';

let rendered: Rendered | undefined;
afterEach(() => rendered?.unmount());

describe('routes', () => {
  it('sends a signed-out visitor of the wallet to the login page, with the demo accounts', async () => {
    const calls = stubFetch((call) =>
      call.url === '/api/v1/public/demo'
        ? json(200, {
            demo: true,
            password: 'GoodLoop-demo-2026',
            accounts: [
              { key: 'resident', email: 'resident@demo.goodloop.local', displayName: '居民小王' },
              { key: 'organizer', email: 'organizer@demo.goodloop.local', displayName: '组织者老李' },
              { key: 'admin', email: 'admin@demo.goodloop.local', displayName: '平台管理员' },
            ],
          })
        : json(401, { statusCode: 401, error: 'Unauthorized', message: 'Sign in' }),
    );

    rendered = await renderWithProviders(<AppRoutes />, '/wallet');
    const r = rendered;

    await waitFor(() => r.byTestId('login-submit'));
    expect(r.byTestId('login-email')).not.toBeNull();
    expect(r.byTestId('login-password')).not.toBeNull();
    const hint = await waitFor(() => r.byTestId('demo-hint'));
    expect(hint.textContent).toContain('resident@demo.goodloop.local');
    expect(hint.textContent).toContain('GoodLoop-demo-2026');
    // Nothing private was asked for without a session.
    expect(calls.filter((c) => c.url.startsWith('/api/v1/me'))).toHaveLength(0);
  });

  it('shows no demo accounts where the platform has none', async () => {
    const calls = stubFetch((call) =>
      call.url === '/api/v1/public/demo'
        ? json(200, { demo: false })
        : json(401, { statusCode: 401, error: 'Unauthorized', message: 'Sign in' }),
    );
    rendered = await renderWithProviders(<AppRoutes />, '/login');
    const r = rendered;
    await waitFor(() => r.byTestId('login-submit'));
    await waitFor(() => calls.find((c) => c.url === '/api/v1/public/demo'));
    // The answer was given; let its render (a macrotask behind it) happen before looking.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(r.byTestId('demo-hint')).toBeNull();
    expect(r.container.textContent).not.toContain('GoodLoop-demo-2026');
  });

  it('lists activities for anyone, with the eight category filters', async () => {
    stubFetch((call) =>
      call.url.startsWith('/api/v1/activities')
        ? json(200, {
            items: [
              {
                id: 'a1',
                orgId: 'o1',
                orgName: '梅园社区',
                title: '敬老院陪伴',
                description: null,
                category: 'elderly',
                place: { name: '梅园敬老院' },
                startsAt: '2026-12-01T02:00:00.000Z',
                endsAt: '2026-12-01T04:00:00.000Z',
                capacity: 10,
                pointsPerHour: 10,
                confirmedCount: 3,
                waitlistCount: 0,
                status: 'upcoming',
                createdAt: '2026-11-01T00:00:00.000Z',
              },
            ],
            nextCursor: null,
          })
        : json(404, { statusCode: 404, error: 'Not Found', message: 'no' }),
    );

    rendered = await renderWithProviders(<AppRoutes />, '/');
    const r = rendered;

    const card = await waitFor(() => r.byTestId('activity-card'));
    expect(card.textContent).toContain('敬老院陪伴');
    expect(card.textContent).toContain('养老');
    expect(card.textContent).toContain('已确认 3 / 10');
    const filters = ['charity', 'relief', 'funeral', 'disability', 'children', 'elderly', 'social_work', 'community'];
    for (const c of filters) expect(r.byTestId(`category-filter-${c}`)).not.toBeNull();
  });
});
