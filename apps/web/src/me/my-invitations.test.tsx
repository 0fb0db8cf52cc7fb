import { afterEach, describe, expect, it } from 'vitest';
import { tokenStore } from '../api/token-store';
import { json, stubFetch } from '../test/fetch-stub';
import { click, renderWithProviders, waitFor, type Rendered } from '../test/render';
import MePage from './me.page';

const ME = {
  id: 'u1',
  email: 'resident@demo.goodloop.local',
  displayName: '王阿姨',
  locale: 'zh-CN',
  roles: ['resident'],
  residentVerified: true,
  memberships: [] as object[],
};

const invitation = (id: string, orgName: string) => ({
  id,
  orgId: `org-${id}`,
  orgName,
  orgKind: 'community',
  userId: 'u1',
  role: 'member',
  invitedBy: 'a1',
  invitedByName: '组织者老李',
  status: 'pending',
  createdAt: '2026-12-01T08:00:00.000Z',
  expiresAt: '2026-12-15T08:00:00.000Z',
});

let rendered: Rendered | undefined;
afterEach(() => rendered?.unmount());

describe('my invitations', () => {
  it('lists pending invitations; accepting one joins the organisation, declining drops the other', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    let pending = [invitation('i1', '阳光社区'), invitation('i2', '绿色家园')];
    const me = { ...ME, memberships: [] as object[] };
    const calls = stubFetch((call) => {
      switch (`${call.method} ${call.url}`) {
        case 'GET /api/v1/me':
          return json(200, me);
        case 'GET /api/v1/me/invitations':
          return json(200, { items: pending });
        case 'POST /api/v1/invitations/i1/accept':
          pending = pending.filter((i) => i.id !== 'i1');
          me.memberships = [{ orgId: 'org-i1', orgName: '阳光社区', orgKind: 'community', role: 'member' }];
          return json(200, { ...invitation('i1', '阳光社区'), status: 'accepted' });
        case 'POST /api/v1/invitations/i2/decline':
          pending = pending.filter((i) => i.id !== 'i2');
          return json(200, { ...invitation('i2', '绿色家园'), status: 'declined' });
        default:
          return json(404, { statusCode: 404, error: 'Not Found', message: 'no route' });
      }
    });

    rendered = await renderWithProviders(<MePage />, '/me');
    const r = rendered;
    await waitFor(() => r.allByTestId('invitation').length === 2);
    expect(r.byTestId('my-invitations')?.textContent).toContain('组织者老李 邀请你加入该社区');

    await click(r.allByTestId('invitation-accept')[0]!);
    await waitFor(() => r.allByTestId('invitation').length === 1);
    await waitFor(() => r.byTestId('me-memberships')?.textContent?.includes('阳光社区'));

    await click(r.byTestId('invitation-decline')!);
    await waitFor(() => r.byTestId('my-invitations') === null);

    const answers = calls.filter((c) => c.method === 'POST');
    expect(answers.map((c) => c.url)).toEqual(['/api/v1/invitations/i1/accept', '/api/v1/invitations/i2/decline']);
    expect(answers.every((c) => typeof c.headers['idempotency-key'] === 'string')).toBe(true);
  });
});
