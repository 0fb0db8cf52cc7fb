import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenStore } from '../api/token-store';
import { AppRoutes } from '../app';
import { json, stubFetch, type RecordedCall } from '../test/fetch-stub';
import { click, renderWithProviders, waitFor, type Rendered } from '../test/render';
import StaffAccountsPage from './accounts.page';

const ADMIN = {
  id: 'a1',
  email: 'admin@demo.goodloop.local',
  displayName: '管理员',
  locale: 'zh-CN',
  roles: ['resident', 'admin'],
  residentVerified: true,
  memberships: [],
};
const RESIDENT = { ...ADMIN, id: 'u1', email: 'resident@demo.goodloop.local', displayName: '王阿姨', roles: ['resident'] };

const TARGET = {
  id: '0190a4a0-0000-7000-8000-000000000001',
  email: 'organizer@example.org',
  displayName: '组织者老李',
  locale: 'zh-CN',
  roles: ['resident', 'organizer', 'member'],
  residentVerified: false,
  memberships: [
    { orgId: 'o1', orgName: '阳光社区', orgKind: 'community', role: 'organizer' },
    { orgId: 'o2', orgName: '爱心企业联盟', orgKind: 'business', role: 'member' },
  ],
  disabledAt: null,
  walletFrozenAt: null,
};

let rendered: Rendered | undefined;
afterEach(() => rendered?.unmount());

async function typeInto(input: HTMLInputElement, value: string): Promise<void> {
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    setter?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function stubAccounts(me: object): { calls: RecordedCall[]; state: typeof TARGET } {
  const state = { ...TARGET, memberships: [...TARGET.memberships] } as typeof TARGET;
  const calls = stubFetch((call) => {
    const url = new URL(call.url, 'http://localhost');
    const route = `${call.method} ${url.pathname}`;
    const base = `/api/v1/users/${TARGET.id}`;
    switch (route) {
      case 'GET /api/v1/me':
        return json(200, me);
      case 'GET /api/v1/activities':
        return json(200, { items: [], nextCursor: null });
      case 'GET /api/v1/users':
        return url.searchParams.get('email') === TARGET.email
          ? json(200, state)
          : json(404, { statusCode: 404, error: 'Not Found', message: 'User not found', code: 'USER_NOT_FOUND' });
      case `POST ${base}/disable`:
        Object.assign(state, { disabledAt: '2026-12-01T08:00:00.000Z' });
        return json(200, state);
      case `POST ${base}/wallet/freeze`:
        Object.assign(state, { walletFrozenAt: '2026-12-01T08:01:00.000Z' });
        return json(200, state);
      case `DELETE /api/v1/orgs/o1/members/${TARGET.id}`:
        state.memberships = state.memberships.filter((m) => m.orgId !== 'o1');
        return json(200, { orgId: 'o1', userId: TARGET.id, roles: ['organizer'] });
      default:
        return json(404, { statusCode: 404, error: 'Not Found', message: 'no route' });
    }
  });
  return { calls, state };
}

describe('StaffAccountsPage', () => {
  it('finds an account by email, disables it, freezes its wallet and removes a membership', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    const { calls } = stubAccounts(ADMIN);
    rendered = await renderWithProviders(<StaffAccountsPage />, '/staff/accounts');
    const r = rendered;

    const input = await waitFor(() => r.container.querySelector<HTMLInputElement>('input'));
    await typeInto(input, ' Nobody@example.org ');
    await click(r.byTestId('account-find')!);
    await waitFor(() => r.byTestId('account-not-found'));

    await typeInto(input, 'ORGANIZER@example.org');
    await click(r.byTestId('account-find')!);
    await waitFor(() => r.byTestId('account'));
    expect(r.byTestId('account-status')?.dataset['status']).toBe('active');
    expect(r.byTestId('wallet-status')?.dataset['status']).toBe('open');
    expect(r.allByTestId('account-membership').map((el) => el.textContent)).toEqual([
      expect.stringContaining('阳光社区'),
      expect.stringContaining('爱心企业联盟'),
    ]);

    await click(r.byTestId('account-disable')!);
    await waitFor(() => r.byTestId('account-status')?.dataset['status'] === 'disabled');
    expect(r.byTestId('account-enable')).not.toBeNull();
    await click(r.byTestId('wallet-freeze')!);
    await waitFor(() => r.byTestId('wallet-status')?.dataset['status'] === 'frozen');
    expect(r.byTestId('wallet-status')?.textContent).toContain('已冻结');

    await click(r.allByTestId('membership-remove')[0]!);
    await waitFor(() => r.allByTestId('account-membership').length === 1);

    const writes = calls.filter((c) => c.method !== 'GET');
    expect(writes.map((c) => `${c.method} ${c.url}`)).toEqual([
      `POST /api/v1/users/${TARGET.id}/disable`,
      `POST /api/v1/users/${TARGET.id}/wallet/freeze`,
      `DELETE /api/v1/orgs/o1/members/${TARGET.id}`,
    ]);
    expect(
      writes.every((c) => typeof c.headers['idempotency-key'] === 'string' && c.headers['authorization'] === 'Bearer a'),
    ).toBe(true);
    expect(calls.find((c) => c.url.startsWith('/api/v1/users?'))?.url).toContain('email=nobody%40example.org');
  });
});

describe('accounts navigation', () => {
  it('is offered to admins only', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    stubAccounts(ADMIN);
    rendered = await renderWithProviders(<AppRoutes />, '/staff/accounts');
    const link = await waitFor(() => rendered!.byTestId('nav-staff-accounts'));
    expect(link.getAttribute('href')).toBe('/staff/accounts');
    rendered.unmount();

    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    const { calls } = stubAccounts(RESIDENT);
    rendered = await renderWithProviders(<AppRoutes />, '/staff/accounts');
    const r = rendered;
    await waitFor(() => r.byTestId('nav-wallet'));
    const refusal = await waitFor(() => r.byTestId('not-for-your-role'));
    expect(refusal.textContent).toContain('平台管理员');
    expect(r.byTestId('nav-staff-accounts')).toBeNull();
    expect(r.byTestId('account-search')).toBeNull();
    expect(calls.filter((c) => c.url.startsWith('/api/v1/users'))).toHaveLength(0);
  });
});
