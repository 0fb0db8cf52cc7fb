import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

/** Types into a React-controlled input the way the browser does: set the value, fire `input`. */
async function typeInto(input: HTMLInputElement, value: string): Promise<void> {
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    setter?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Opens an antd Select and picks the option with this label (options render in a portal). */
async function pick(select: HTMLElement, label: string): Promise<void> {
  await act(async () => {
    const trigger = select.querySelector('.ant-select-selector') ?? select;
    trigger.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
  });
  const option = await waitFor(() =>
    [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((el) => el.textContent === label),
  );
  await click(option);
}

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

describe('WalletPage, expiries and filters', () => {
  const WALLET = {
    accountId: 'acc-1',
    asset: 'POINTS',
    balance: 500,
    pending: 0,
    available: 500,
    expiringSoon: [
      { expiresAt: '2027-01-31T16:00:00.000Z', amount: 30 },
      { expiresAt: '2026-12-31T16:00:00.000Z', amount: 1200 },
    ],
    nextExpiry: { expiresAt: '2026-12-31T16:00:00.000Z', amount: 1200 },
  };

  const ALL = [entry('e1', -50, 500, 'redeem', '兑换大米'), entry('e2', 20, 550, 'earn', '社区垃圾分类')];
  const INCOMING = [entry('e2', 20, 550, 'earn', '社区垃圾分类'), entry('e0', 30, 530, 'earn', '敬老院陪伴')];

  function stubWallet(wallet: object) {
    return stubFetch((call) => {
      const url = new URL(call.url, 'http://localhost');
      switch (url.pathname) {
        case '/api/v1/me':
          return json(200, ME);
        case '/api/v1/me/wallet':
          return json(200, wallet);
        case '/api/v1/me/wallet/entries':
          if (url.searchParams.get('code') === 'expire') return json(200, { items: [], nextCursor: null });
          return json(200, {
            items: url.searchParams.get('direction') === 'in' ? INCOMING : ALL,
            nextCursor: null,
          });
        case '/api/v1/me/wallet/entries.csv':
          return new Response('createdAt,code,amount\n2026-12-01T04:00:00.000Z,earn,20\n', {
            status: 200,
            headers: { 'content-type': 'text/csv; charset=utf-8' },
          });
        default:
          return json(404, { statusCode: 404, error: 'Not Found', message: 'no route' });
      }
    });
  }

  it('shows available points big, then the points about to expire, soonest first', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    stubWallet(WALLET);

    rendered = await renderWithProviders(<WalletPage />, '/wallet');
    const r = rendered;

    await waitFor(() => r.byTestId('wallet-expiring'));
    expect(r.byTestId('wallet-available')?.textContent).toContain('500');
    expect(r.allByTestId('wallet-expiry-date').map((el) => el.textContent)).toEqual([
      '2026年12月31日 到期',
      '2027年1月31日 到期',
    ]);
    expect(r.allByTestId('wallet-expiry-amount').map((el) => el.textContent)).toEqual(['1,200', '30']);
  });

  it('shows no expiry card when nothing is about to expire', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    stubWallet({ ...WALLET, expiringSoon: [], nextExpiry: null });

    rendered = await renderWithProviders(<WalletPage />, '/wallet');
    const r = rendered;

    await waitFor(() => r.allByTestId('wallet-entry').length === 2);
    expect(r.byTestId('wallet-balance')?.textContent).toContain('500');
    expect(r.byTestId('wallet-expiring')).toBeNull();
  });

  it('filters the history from the first page, and downloads the CSV with the same filters', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    const calls = stubWallet(WALLET);
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push(blob as Blob);
      return 'blob:goodloop/1';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const downloads: Array<{ href: string; download: string }> = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ href: this.href, download: this.download });
    });

    rendered = await renderWithProviders(<WalletPage />, '/wallet');
    const r = rendered;
    const descriptions = () => r.allByTestId('wallet-entry').map((el) => el.dataset['entryId']);
    const entryUrls = () => calls.filter((c) => c.url.startsWith('/api/v1/me/wallet/entries?')).map((c) => c.url);

    await waitFor(() => r.allByTestId('wallet-entry').length === 2);
    expect(descriptions()).toEqual(['e1', 'e2']);

    // Incoming only: a fresh first page (no cursor) with the filter, and the list follows.
    await click(r.byTestId('wallet-direction-in')!);
    await waitFor(() => descriptions().join() === 'e2,e0');
    expect(entryUrls()).toEqual(['/api/v1/me/wallet/entries?limit=20', '/api/v1/me/wallet/entries?direction=in&limit=20']);

    // A date range covers whole days (the tests run in UTC).
    await typeInto(r.byTestId('wallet-from') as HTMLInputElement, '2026-12-01');
    await typeInto(r.byTestId('wallet-to') as HTMLInputElement, '2026-12-31');
    const ranged =
      '/api/v1/me/wallet/entries?direction=in&from=2026-12-01T00%3A00%3A00.000Z&to=2026-12-31T23%3A59%3A59.999Z&limit=20';
    await waitFor(() => entryUrls().includes(ranged));

    await click(r.byTestId('wallet-download-csv')!);
    await waitFor(() => downloads.length === 1);
    const csvCall = calls.find((c) => c.url.startsWith('/api/v1/me/wallet/entries.csv'));
    expect(csvCall?.url).toBe(
      '/api/v1/me/wallet/entries.csv?direction=in&from=2026-12-01T00%3A00%3A00.000Z&to=2026-12-31T23%3A59%3A59.999Z&timeZone=UTC',
    );
    expect(csvCall?.headers['accept-language']).toBe('zh-CN');
    expect(csvCall?.headers['authorization']).toBe('Bearer a');
    expect(downloads[0]).toEqual({
      href: 'blob:goodloop/1',
      download: expect.stringMatching(/^goodloop-points-\d{8}\.csv$/) as string,
    });
    expect(saved[0]?.type).toBe('text/csv;charset=utf-8');
    expect(await saved[0]?.text()).toBe('\uFEFFcreatedAt,code,amount\n2026-12-01T04:00:00.000Z,earn,20\n');

    // A transfer code with no lines: the filtered empty state, not the newcomer's one.
    await pick(r.byTestId('wallet-filters')!.querySelector<HTMLElement>('.ant-select')!, '过期');
    await waitFor(() => r.byTestId('wallet-no-match'));
    expect(entryUrls().at(-1)).toBe(
      '/api/v1/me/wallet/entries?code=expire&direction=in&from=2026-12-01T00%3A00%3A00.000Z&to=2026-12-31T23%3A59%3A59.999Z&limit=20',
    );
    expect(r.byTestId('wallet-empty')).toBeNull();

    // Clearing the filters brings the whole history back.
    await click(r.byTestId('wallet-clear-filters')!);
    await waitFor(() => descriptions().join() === 'e1,e2');
  });
});
