import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenStore } from '../api/token-store';
import { json, stubFetch, type RecordedCall } from '../test/fetch-stub';
import { click, renderWithProviders, waitFor, type Rendered } from '../test/render';
import CreateActivityPage from './create-activity.page';

const ORG_ID = '0190a0d0-0000-7000-8000-000000000001';
const ME = {
  id: 'organizer-1',
  email: 'organizer@demo.goodloop.local',
  displayName: '阳光社区组织者',
  locale: 'zh-CN',
  roles: ['resident'],
  residentVerified: true,
  memberships: [{ orgId: ORG_ID, orgName: '阳光社区', orgKind: 'community', role: 'organizer' }],
};

let rendered: Rendered | undefined;
afterEach(() => rendered?.unmount());

/** Types into a React-controlled field the way the browser does: set the value, fire `input`. */
async function typeInto(field: HTMLElement | null, value: string): Promise<void> {
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) throw new Error('no such field');
  await act(async () => {
    const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value);
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** Opens an antd Select and picks the option with this label (options render in a portal). */
async function pick(select: HTMLElement | null, label: string): Promise<void> {
  if (!select) throw new Error('no such select');
  await act(async () => {
    const trigger = select.closest('.ant-select') ?? select;
    trigger.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
  });
  const option = await waitFor(() =>
    [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((el) => el.textContent === label),
  );
  await click(option);
}

const localInput = (offsetMs: number) => {
  const d = new Date(Date.now() + offsetMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

const errorsShown = () =>
  [...document.querySelectorAll<HTMLElement>('.ant-form-item-explain-error')].map((el) => el.textContent ?? '');

async function renderForm(): Promise<{ r: Rendered; calls: RecordedCall[] }> {
  tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
  const calls = stubFetch((call) => {
    if (call.url === '/api/v1/me') return json(200, ME);
    if (call.method === 'POST' && call.url === '/api/v1/activities') {
      return json(201, { id: 'new-activity', ...(call.body as object) });
    }
    return json(404, { statusCode: 404, error: 'Not Found', message: 'no route' });
  });
  const r = await renderWithProviders(<CreateActivityPage />, '/organizer/new');
  rendered = r;
  await waitFor(() => r.byTestId('activity-form-title'));
  return { r, calls };
}

describe('the publish form refuses instead of changing what was typed', () => {
  it('keeps 0 places, −5 points and a 5,000-character title as typed, says why, and sends nothing', async () => {
    const { r, calls } = await renderForm();
    const longTitle = '长'.repeat(5000);
    await typeInto(r.byTestId('activity-form-title'), longTitle);
    await typeInto(r.byTestId('activity-form-capacity'), '0');
    await typeInto(r.byTestId('activity-form-points-per-hour'), '-5');
    await click(r.byTestId('activity-form-submit')!);

    const errors = await waitFor(() => (errorsShown().length >= 3 ? errorsShown() : null));
    expect(errors).toEqual(
      expect.arrayContaining([
        '活动名称最多 120 个字，现在是 5000 个字',
        '名额须在 1 到 10000 之间',
        '每小时积分须在 0 到 1000 之间，不能为负数',
      ]),
    );
    // Nothing was cut, clamped or rounded.
    expect((r.byTestId('activity-form-title') as HTMLInputElement).value).toHaveLength(5000);
    expect((r.byTestId('activity-form-capacity') as HTMLInputElement).value).toBe('0');
    expect((r.byTestId('activity-form-points-per-hour') as HTMLInputElement).value).toBe('-5');
    // The counter shows the API's maximum.
    expect(r.container.textContent).toContain('5000 / 120');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('refuses 2.5 places as not a whole number, then publishes once everything is right', async () => {
    const { r, calls } = await renderForm();
    await typeInto(r.byTestId('activity-form-capacity'), '2.5');
    await click(r.byTestId('activity-form-submit')!);
    await waitFor(() => errorsShown().includes('名额必须是整数'));
    expect((r.byTestId('activity-form-capacity') as HTMLInputElement).value).toBe('2.5');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await typeInto(r.byTestId('activity-form-title'), '陪伴长者读报');
    await pick(r.byTestId('activity-form-category'), '养老');
    await typeInto(r.byTestId('activity-form-place-name'), '阳光社区活动中心');
    await typeInto(r.byTestId('activity-form-starts-at'), localInput(24 * 3600_000));
    await typeInto(r.byTestId('activity-form-ends-at'), localInput(26 * 3600_000));
    await typeInto(r.byTestId('activity-form-capacity'), '3');
    await typeInto(r.byTestId('activity-form-points-per-hour'), '0');
    await click(r.byTestId('activity-form-submit')!);

    const post = await waitFor(() => calls.find((c) => c.method === 'POST' && c.url === '/api/v1/activities'));
    expect(post.body).toMatchObject({ orgId: ORG_ID, title: '陪伴长者读报', capacity: 3, pointsPerHour: 0 });
  });

  it('warns about a start time in the past but still publishes', async () => {
    const { r, calls } = await renderForm();
    await typeInto(r.byTestId('activity-form-title'), '补录：上周的清扫');
    await pick(r.byTestId('activity-form-category'), '养老');
    await typeInto(r.byTestId('activity-form-place-name'), '阳光社区');
    await typeInto(r.byTestId('activity-form-starts-at'), localInput(-3 * 3600_000));
    await typeInto(r.byTestId('activity-form-ends-at'), localInput(-1 * 3600_000));
    await click(r.byTestId('activity-form-submit')!);

    await waitFor(() => document.querySelector('.ant-form-item-explain-warning')?.textContent?.includes('开始时间已经过去'));
    const post = await waitFor(() => calls.find((c) => c.method === 'POST' && c.url === '/api/v1/activities'));
    expect(post.body).toMatchObject({ title: '补录：上周的清扫' });
  });
});
