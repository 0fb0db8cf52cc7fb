import { afterEach, describe, expect, it } from 'vitest';
import { tokenStore } from '../api/token-store';
import { json, stubFetch } from '../test/fetch-stub';
import { click, renderWithProviders, waitFor, type Rendered } from '../test/render';
import type { MatchView, NeedView } from './matching.api';
import MyMatchesPage from './my-matches.page';
import NeedsPage from './needs.page';

const CATALOGUE = {
  itemCategories: [{ code: 'rice_flour', name: { 'zh-CN': '米面', en: 'Rice and flour' } }],
  skills: [{ code: 'tutoring', name: { 'zh-CN': '课业辅导', en: 'Tutoring' } }],
  beneficiaries: [{ code: 'elderly', name: { 'zh-CN': '老年人', en: 'Older people' } }],
};

const need = (id: string, title: string, urgency: number, lat: number, lng: number): NeedView => ({
  id,
  orgId: 'o1',
  orgName: '阳光社区',
  kind: 'item',
  title,
  description: '',
  category: 'rice_flour',
  quantity: 10,
  unit: '袋',
  met: 4,
  proposed: 2,
  remaining: 6,
  place: { lat, lng, address: '阳光社区 3 栋', neighbourhood: '阳光社区' },
  deadline: '2026-12-08T02:00:00.000Z',
  urgency,
  beneficiaries: ['elderly'],
  windowStart: null,
  windowEnd: null,
  status: 'open',
  closedReason: null,
  createdAt: '2026-12-01T02:00:00.000Z',
});

const ME = {
  id: 'u1',
  email: 'organizer@demo.goodloop.local',
  displayName: '组织者老李',
  locale: 'zh-CN',
  roles: ['resident'],
  residentVerified: true,
  memberships: [{ orgId: 'o1', orgName: '阳光社区', orgKind: 'community', role: 'organizer' }],
};

const match: MatchView = {
  id: 'm1',
  runId: 'r1',
  kind: 'item',
  needId: 'n1',
  needTitle: '独居老人冬季大米',
  needOrgId: 'o1',
  needNeighbourhood: '阳光社区',
  offerId: 'p1',
  offerLabel: '东北大米 10kg · 阳光粮油店',
  offerOrgId: 'b1',
  category: 'rice_flour',
  quantity: 5,
  unit: '袋',
  score: 90,
  value: 450,
  parts: { urgency: 50, distance: 25, expiry: 10, fairness: 5, skill: 0 },
  distanceKm: 0.4,
  status: 'proposed',
  needSide: 'pending',
  offerSide: 'pending',
  declineReason: null,
  allocated: null,
  mySide: 'need',
  createdAt: '2026-12-01T03:00:00.000Z',
  decidedAt: null,
};

let rendered: Rendered | undefined;
afterEach(() => rendered?.unmount());

describe('the needs board', () => {
  it('shows each need with its category name, urgency and what is still missing, and draws them on the map', async () => {
    const calls = stubFetch((call) => {
      if (call.url === '/api/v1/matching/catalogue') return json(200, CATALOGUE);
      if (call.url.startsWith('/api/v1/needs'))
        return json(200, {
          items: [need('n1', '独居老人冬季大米', 5, 30.6598, 104.0657), need('n2', '困难家庭食用油', 2, 30.67, 104.08)],
          nextCursor: null,
        });
      return json(401, { statusCode: 401, error: 'Unauthorized', message: 'Sign in' });
    });
    rendered = await renderWithProviders(<NeedsPage />, '/needs');
    const r = rendered;
    await waitFor(() => r.allByTestId('need-card').length === 2);
    const first = r.allByTestId('need-card')[0]!;
    await waitFor(() => first.querySelector('[data-testid="need-category"]')?.textContent === '米面');
    expect(first.querySelector('[data-testid="need-urgency"]')?.textContent).toContain('紧急程度 5/5 · 紧急');
    expect(first.querySelector('[data-testid="need-progress"]')?.textContent).toContain('已满足 4 / 10 袋，还差 6');
    // The board opens on open needs.
    expect(calls.find((c) => c.url.startsWith('/api/v1/needs'))?.url).toContain('status=open');

    await click(r.byTestId('needs-view-map')!);
    await waitFor(() => r.allByTestId('map-dot').length === 2);
    const dots = r.allByTestId('map-dot');
    // The more urgent is drawn last, on top.
    expect(dots.at(-1)?.getAttribute('data-need-id')).toBe('n1');
    expect(dots.at(-1)?.querySelector('circle')?.getAttribute('fill')).toBe('#820014');
  });
});

describe('my matches', () => {
  it('explains a proposal by its parts and accepts my side', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    let current = match;
    const calls = stubFetch((call) => {
      switch (`${call.method} ${call.url.split('?')[0]}`) {
        case 'GET /api/v1/me':
          return json(200, ME);
        case 'GET /api/v1/matching/catalogue':
          return json(200, CATALOGUE);
        case 'GET /api/v1/matches':
          return json(200, { items: [current], nextCursor: null });
        case 'POST /api/v1/matches/m1/accept':
          current = { ...match, needSide: 'accepted' };
          return json(200, current);
        default:
          return json(404, { statusCode: 404, error: 'Not Found', message: 'no route' });
      }
    });
    rendered = await renderWithProviders(<MyMatchesPage />, '/matches');
    const r = rendered;
    const card = await waitFor(() => r.byTestId('match-card'));
    expect(r.byTestId('match-score')?.textContent).toBe('每单位 90 分 · 合计 450 分');
    expect(r.byTestId('match-part-urgency')?.textContent).toContain('紧急');
    expect(r.byTestId('match-part-urgency')?.getAttribute('data-value')).toBe('50');
    // An item match has no skill to confirm: that part is not shown.
    expect(r.byTestId('match-part-skill')).toBeNull();
    expect(r.byTestId('match-quantity')?.textContent).toBe('5 袋 · 相距 0.4 km');
    expect(r.byTestId('matches-waiting')?.textContent).toBe('1 条匹配等你答复');
    expect(card.textContent).toContain('需求方（你）');

    await click(r.byTestId('match-accept')!);
    await waitFor(() => r.byTestId('match-need-side')?.getAttribute('data-answer') === 'accepted');
    expect(r.byTestId('match-accept')).toBeNull();
    expect(r.byTestId('match-outcome')?.textContent).toBe('你已答复，等待对方答复');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/matches/m1/accept']);
  });
});
