import { afterEach, describe, expect, it } from 'vitest';
import { tokenStore } from '../api/token-store';
import { AppRoutes } from '../app';
import { json, stubFetch, type RecordedCall } from '../test/fetch-stub';
import { click, renderWithProviders, waitFor, type Rendered } from '../test/render';
import StaffLedgerPage from './ledger.page';

const RESIDENT = {
  id: 'u1',
  email: 'resident@demo.goodloop.local',
  displayName: '王阿姨',
  locale: 'zh-CN',
  roles: ['resident'],
  residentVerified: true,
  memberships: [],
};

const ADMIN = { ...RESIDENT, id: 'u2', email: 'admin@demo.goodloop.local', displayName: '管理员', roles: ['resident', 'admin'] };

const FOUNDATION_STAFF = {
  ...RESIDENT,
  id: 'u3',
  email: 'foundation@demo.goodloop.local',
  displayName: '基金会小李',
  roles: ['resident', 'foundation_staff'],
  memberships: [{ orgId: 'o9', orgName: '善循环基金会', orgKind: 'foundation', role: 'foundation_staff' }],
};

const HASH = '3f2a9c1e5b7d4a60c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e077b0d4e2';

const TRIAL_BALANCE = {
  assets: [
    { asset: 'POINTS', accounts: 12, debits: 5000, credits: 5000, sum: 0, balanced: true },
    { asset: 'CNY', accounts: 3, debits: 10_000, credits: 9_995, sum: -5, balanced: false },
  ],
};

const DRIFT = {
  status: 'drift',
  checkedAt: '2026-12-01T02:00:00.000Z',
  accountsChecked: 15,
  drifts: [
    // As the ledger sends them: amounts as strings; a `pending` drift as "held out/held in".
    {
      accountKey: 'user:0190a4a0-0000-7000-8000-000000000001',
      asset: 'POINTS',
      field: 'balance',
      stored: '120',
      recomputed: '100',
    },
    {
      accountKey: 'user:0190a4a0-0000-7000-8000-000000000001',
      asset: 'POINTS',
      field: 'pending',
      stored: '30/0',
      recomputed: '0/0',
    },
    { accountKey: 'fund:relief-2026', asset: 'CNY', field: 'balance', stored: '5000', recomputed: '5005' },
  ],
};

const RECONCILED = { status: 'ok', checkedAt: '2026-12-01T03:00:00.000Z', accountsChecked: 15, drifts: [] };

const BROKEN_CHAIN = {
  valid: false,
  length: 42,
  head: { seq: '42', hash: HASH },
  brokenAt: { seq: '17', transferId: 'earn:0190a4a0-0000-7000-8000-0000000000aa', reason: 'hash mismatch' },
  verifiedAt: '2026-12-01T02:05:00.000Z',
};

const VALID_CHAIN = {
  valid: true,
  length: 42,
  head: { seq: '42', hash: HASH },
  brokenAt: null,
  verifiedAt: '2026-12-01T02:05:00.000Z',
};

function stubLedger(me: object, answers: { reconciliation: object; chain: object; run?: object }): RecordedCall[] {
  return stubFetch((call) => {
    const path = new URL(call.url, 'http://localhost').pathname;
    switch (`${call.method} ${path}`) {
      case 'GET /api/v1/me':
        return json(200, me);
      case 'GET /api/v1/ledger/trial-balance':
        return json(200, TRIAL_BALANCE);
      case 'GET /api/v1/ledger/reconciliation':
        return json(200, answers.reconciliation);
      case 'POST /api/v1/ledger/reconciliation/run':
        return json(200, answers.run ?? RECONCILED);
      case 'GET /api/v1/ledger/chain/verify':
        return json(200, answers.chain);
      case 'GET /api/v1/activities':
        return json(200, { items: [], nextCursor: null });
      default:
        return json(404, { statusCode: 404, error: 'Not Found', message: 'no route' });
    }
  });
}

let rendered: Rendered | undefined;
afterEach(() => rendered?.unmount());

describe('StaffLedgerPage', () => {
  it('shows an unbalanced asset, a drift with its table and a broken chain; an admin reconciles again', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    const calls = stubLedger(ADMIN, { reconciliation: DRIFT, chain: BROKEN_CHAIN });

    rendered = await renderWithProviders(<StaffLedgerPage />, '/staff/ledger');
    const r = rendered;

    // Trial balance: zero is fine, anything else is an alarm.
    await waitFor(() => r.allByTestId('trial-balance-asset').length === 2);
    const assets = r.allByTestId('trial-balance-asset');
    expect(assets.map((el) => [el.dataset['asset'], el.dataset['status']])).toEqual([
      ['POINTS', 'ok'],
      ['CNY', 'unbalanced'],
    ]);
    expect(assets[1]?.querySelector('.ant-alert-error')?.textContent).toContain('人民币：不平衡，分录合计 -¥0.05');

    // Reconciliation: the drift and each drifting account.
    const recon = await waitFor(() => r.byTestId('recon-status'));
    expect(recon.dataset['status']).toBe('drift');
    expect(recon.textContent).toContain('有 2 个账户的余额与分录不一致');
    const rows = r.allByTestId('recon-drift');
    expect(rows).toHaveLength(3);
    expect(rows[0]?.textContent).toContain('user:0190a4a0-0000-7000-8000-000000000001');
    expect(r.allByTestId('recon-drift-difference').map((el) => el.textContent)).toEqual(['+20', '-¥0.05']);
    expect(rows[1]?.textContent).toContain('冻结（出 / 入）');
    expect(rows[1]?.textContent).toContain('30 / 0');

    // Chain: broken, where and why; the head hash shortened.
    const chain = await waitFor(() => r.byTestId('chain-status'));
    expect(chain.dataset['status']).toBe('broken');
    expect(chain.textContent).toContain('哈希链在第 17 条断开');
    expect(r.byTestId('chain-broken-transfer')?.textContent).toBe('earn:0190a4a0-0000-7000-8000-0000000000aa');
    expect(r.byTestId('chain-broken-reason')?.textContent).toBe('hash mismatch');
    expect(r.byTestId('chain-length')?.textContent).toBe('42');
    expect(r.byTestId('chain-head')?.textContent).toContain('3f2a9c1e…77b0d4e2');

    // An admin may run the reconciliation now; its answer replaces the drift.
    await click(r.byTestId('recon-run')!);
    await waitFor(() => r.byTestId('recon-status')?.dataset['status'] === 'ok');
    expect(r.allByTestId('recon-drift')).toHaveLength(0);
    const run = calls.filter((c) => c.url === '/api/v1/ledger/reconciliation/run');
    expect(run.map((c) => [c.method, c.headers['authorization']])).toEqual([['POST', 'Bearer a']]);
  });

  it('lets foundation staff read and re-verify, but not run the reconciliation', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    const calls = stubLedger(FOUNDATION_STAFF, {
      reconciliation: { status: 'not_run', checkedAt: null, accountsChecked: 0, drifts: [] },
      chain: VALID_CHAIN,
    });

    rendered = await renderWithProviders(<StaffLedgerPage />, '/staff/ledger');
    const r = rendered;

    await waitFor(() => r.byTestId('recon-status')?.dataset['status'] === 'not_run');
    await waitFor(() => r.byTestId('chain-status')?.dataset['status'] === 'valid');
    expect(r.byTestId('chain-status')?.textContent).toContain('哈希链完整');
    expect(r.byTestId('chain-broken-transfer')).toBeNull();
    expect(calls.some((c) => c.url === '/api/v1/me')).toBe(true);
    expect(r.byTestId('recon-run')).toBeNull();

    const verifications = () => calls.filter((c) => c.url === '/api/v1/ledger/chain/verify').length;
    expect(verifications()).toBe(1);
    await click(r.byTestId('chain-verify')!);
    await waitFor(() => verifications() === 2);
  });
});

describe('ledger navigation', () => {
  it('is not offered to a resident, and the page tells a resident whom it is for', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    const calls = stubLedger(RESIDENT, { reconciliation: DRIFT, chain: BROKEN_CHAIN });

    rendered = await renderWithProviders(<AppRoutes />, '/staff/ledger');
    const r = rendered;

    await waitFor(() => r.byTestId('nav-wallet'));
    const refusal = await waitFor(() => r.byTestId('not-for-your-role'));
    expect(refusal.textContent).toContain('基金会工作人员和平台管理员');
    expect(r.byTestId('nav-me')).not.toBeNull();
    expect(r.byTestId('nav-staff-ledger')).toBeNull();
    expect(r.byTestId('trial-balance')).toBeNull();
    expect(calls.filter((c) => c.url.startsWith('/api/v1/ledger'))).toHaveLength(0);
  });

  it('is offered to foundation staff and to admins', async () => {
    for (const me of [FOUNDATION_STAFF, ADMIN]) {
      tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
      stubLedger(me, { reconciliation: RECONCILED, chain: VALID_CHAIN });

      rendered = await renderWithProviders(<AppRoutes />, '/staff/ledger');
      const r = rendered;

      const link = await waitFor(() => r.byTestId('nav-staff-ledger'));
      expect(link.textContent).toContain('账本');
      expect(link.getAttribute('href')).toBe('/staff/ledger');
      await waitFor(() => r.byTestId('trial-balance'));
      rendered.unmount();
      rendered = undefined;
    }
  });
});
