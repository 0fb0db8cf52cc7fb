import { afterEach, describe, expect, it } from 'vitest';
import { tokenStore } from '../api/token-store';
import { json, stubFetch } from '../test/fetch-stub';
import { click, renderWithProviders, waitFor, type Rendered } from '../test/render';
import WalletPage from './wallet.page';

const ME = {
  id: 'u1',
  email: 'resident@demo.goodloop.local',
  displayName: '王阿姨',
  locale: 'zh-CN',
  roles: ['resident'],
  residentVerified: true,
  memberships: [],
};

const entry = (id: string, amount: number, balanceAfter: number, code: string, description: string | null) => ({
  id,
  transferId: `t-${id}`,
  amount,
  balanceAfter,
  code,
  description,
  createdAt: '2026-12-01T04:00:00.000Z',
});

let rendered: Rendered | undefined;
afterEach(() => rendered?.unmount());

describe('WalletPage', () => {
  it('shows the balance and the statement, and loads more entries with the cursor', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    const calls = stubFetch((call) => {
      const url = new URL(call.url, 'http://localhost');
      switch (url.pathname) {
        case '/api/v1/me':
          return json(200, ME);
        case '/api/v1/me/wallet':
          return json(200, { accountId: 'acc-1', asset: 'POINTS', balance: 1234, pending: 30, available: 1204 });
        case '/api/v1/me/wallet/entries':
          return url.searchParams.get('cursor') === 'c2'
            ? json(200, { items: [entry('e3', 1264, 1264, 'earn', '敬老院陪伴')], nextCursor: null })
            : json(200, {
                items: [entry('e1', -50, 1234, 'redeem', null), entry('e2', 20, 1284, 'earn', '社区垃圾分类')],
                nextCursor: 'c2',
              });
        default:
          return json(404, { statusCode: 404, error: 'Not Found', message: 'no route' });
      }
    });

    rendered = await renderWithProviders(<WalletPage />, '/wallet');
    const r = rendered;

    const balance = await waitFor(() => r.byTestId('wallet-balance'));
    expect(balance.textContent).toContain('1,234');
    expect(r.byTestId('wallet-available')?.textContent).toContain('1,204');
    expect(r.byTestId('wallet-pending')?.textContent).toContain('30');

    await waitFor(() => r.allByTestId('wallet-entry').length === 2);
    const amounts = () => r.allByTestId('wallet-entry-amount').map((el) => el.textContent);
    expect(amounts()).toEqual(['-50', '+20']);
    expect(r.allByTestId('wallet-entry-balance').map((el) => el.textContent)).toEqual(['余额 1,234', '余额 1,284']);
    // No description: the translated transfer code stands in.
    expect(r.allByTestId('wallet-entry')[0]?.textContent).toContain('兑换');
    expect(r.allByTestId('wallet-entry')[1]?.textContent).toContain('社区垃圾分类');

    await click(r.byTestId('wallet-load-more')!);
    await waitFor(() => r.allByTestId('wallet-entry').length === 3);
    expect(amounts()).toEqual(['-50', '+20', '+1,264']);
    expect(r.byTestId('wallet-load-more')).toBeNull();

    const entryCalls = calls.filter((c) => c.url.startsWith('/api/v1/me/wallet/entries'));
    expect(entryCalls.map((c) => c.url)).toEqual([
      '/api/v1/me/wallet/entries?limit=20',
      '/api/v1/me/wallet/entries?limit=20&cursor=c2',
    ]);
    expect(entryCalls.every((c) => c.headers['authorization'] === 'Bearer a')).toBe(true);
  });

  it('shows an empty statement for a new resident', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    stubFetch((call) => {
      if (call.url === '/api/v1/me') return json(200, ME);
      if (call.url === '/api/v1/me/wallet') {
        return json(200, { accountId: 'acc-1', asset: 'POINTS', balance: 0, pending: 0, available: 0 });
      }
      return json(200, { items: [], nextCursor: null });
    });

    rendered = await renderWithProviders(<WalletPage />, '/wallet');
    const r = rendered;

    await waitFor(() => r.byTestId('wallet-empty'));
    expect(r.byTestId('wallet-balance')?.textContent).toContain('0');
    expect(r.allByTestId('wallet-entry')).toHaveLength(0);
  });
});
