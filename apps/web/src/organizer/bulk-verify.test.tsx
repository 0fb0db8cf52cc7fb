import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttendanceView as Attendance } from '@goodloop/contracts';
import { tokenStore } from '../api/token-store';
import { json, stubFetch, type RecordedCall } from '../test/fetch-stub';
import { click, renderWithProviders, waitFor, type Rendered } from '../test/render';
import { BulkVerifyDialog } from './bulk-verify-dialog';
import { planBulkVerify, runBulkVerify, verifyBodyFor } from './bulk-verify';
import { buildRoster, bulkVerifiable, scheduledMinutes } from './roster';

const attendance = (userId: string, recordedMinutes: number, over: Partial<Attendance> = {}): Attendance => ({
  id: `att-${userId}`,
  activityId: 'a1',
  userId,
  userName: `志愿者${userId}`,
  checkInAt: '2026-12-01T02:00:00.000Z',
  checkOutAt: '2026-12-01T04:00:00.000Z',
  recordedMinutes,
  verifiedMinutes: null,
  correctionReason: null,
  status: 'checked_out',
  verifiedAt: null,
  verifiedBy: null,
  proposedMinutes: null,
  proposalReason: null,
  proposedBy: null,
  proposedAt: null,
  rejectionReason: null,
  ...over,
});

const RULES = { raiseApprovalMinutes: 60, scheduledMinutes: 120, pointsPerHour: 60 };

describe('bulk verification, the rules', () => {
  it('sends {} for recorded minutes, and minutes with the reason only to those whose record differs', () => {
    const a = attendance('1', 30);
    expect(verifyBodyFor(a, { mode: 'recorded' })).toEqual({});
    expect(verifyBodyFor(a, { mode: 'same', minutes: 30, reason: '统一' })).toEqual({});
    expect(verifyBodyFor(a, { mode: 'same', minutes: 45, reason: ' 签到表 ' })).toEqual({ minutes: 45, reason: '签到表' });
  });

  it('says beforehand who waits for a second manager, who would be refused, and the points of the rest', () => {
    const selection = [attendance('1', 0), attendance('2', 50), attendance('3', 100), attendance('4', 150)];
    // 100 for everyone: +100 (over 60: approval), +50 (verified), 0 (verified), −50 (lowered, verified)
    expect(planBulkVerify(selection, { mode: 'same', minutes: 100 }, RULES)).toEqual({
      changed: 3,
      needsApproval: 1,
      aboveSchedule: 0,
      points: 300,
    });
    // 130 > the scheduled 120: raises are refused; a lowering from 150 is not a raise
    expect(planBulkVerify(selection, { mode: 'same', minutes: 130 }, RULES)).toMatchObject({ aboveSchedule: 3, points: 130 });
    expect(planBulkVerify(selection, { mode: 'recorded' }, RULES)).toEqual({
      changed: 0,
      needsApproval: 0,
      aboveSchedule: 0,
      points: 0 + 50 + 100 + 150,
    });
  });

  it('offers only checked-out attendances, never the current user’s own', () => {
    const records = [
      attendance('me', 60),
      attendance('2', 60),
      attendance('3', 60, { status: 'verified', verifiedMinutes: 60 }),
      attendance('4', 60, { status: 'pending_approval' }),
      attendance('5', 60, { status: 'checked_in', recordedMinutes: null }),
      attendance('6', 45),
    ];
    const rows = buildRoster([], records);
    expect(bulkVerifiable(rows, 'me').map((a) => a.userId)).toEqual(['2', '6']);
    expect(scheduledMinutes({ startsAt: '2026-12-01T02:00:00.000Z', endsAt: '2026-12-01T04:30:59.000Z' })).toBe(150);
  });

  it('runs a few at a time, and one refusal stops nobody else; outcomes keep the selection’s order', async () => {
    const selection = Array.from({ length: 40 }, (_, i) => attendance(String(i), 60));
    let inFlight = 0;
    let most = 0;
    const outcomes = await runBulkVerify(selection, async (a) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      if (a.userId === '7') throw new Error('refused');
      return { ...a, status: a.userId === '8' ? 'pending_approval' : 'verified', verifiedMinutes: 60, proposedMinutes: 90 };
    });
    expect(most).toBe(4);
    expect(outcomes.map((o) => o.attendanceId)).toEqual(selection.map((a) => a.id));
    expect(outcomes.filter((o) => o.state === 'verified')).toHaveLength(38);
    expect(outcomes[7]).toMatchObject({ state: 'refused' });
    expect(outcomes[8]).toEqual({ attendanceId: 'att-8', state: 'pending_approval', minutes: 90 });
  });
});

let rendered: Rendered | undefined;
afterEach(() => rendered?.unmount());

async function typeInto(field: HTMLElement | null, value: string): Promise<void> {
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) throw new Error('no such field');
  await act(async () => {
    const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const inDialog = (id: string) => document.body.querySelector<HTMLElement>(`[data-testid="${id}"]`);
/** The verification requests among the calls (the auth provider also reads /me). */
const verifyCalls = (calls: RecordedCall[]) => calls.filter((c) => c.url.endsWith('/verify'));
const results = () => [...document.body.querySelectorAll<HTMLElement>('[data-testid="bulk-verify-result"]')];

describe('the bulk verify dialog', () => {
  it('verifies everyone with the same minutes, one keyed request each, and shows each person’s outcome', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    const selection = [attendance('1', 0), attendance('2', 10), attendance('3', 0), attendance('4', 30)];
    const allCalls = stubFetch((call) => {
      const match = /^\/api\/v1\/attendance\/att-(\w+)\/verify$/.exec(call.url);
      const who = match?.[1];
      const body = call.body as { minutes?: number };
      if (call.method !== 'POST' || !who) return json(404, { statusCode: 404, error: 'Not Found', message: 'no route' });
      if (who === '3') {
        return json(403, {
          statusCode: 403,
          error: 'Forbidden',
          code: 'SELF_VERIFICATION',
          message: 'You cannot verify your own attendance',
        });
      }
      const a = selection.find((s) => s.userId === who)!;
      return json(200, { ...a, status: 'verified', verifiedMinutes: body.minutes ?? a.recordedMinutes });
    });
    const sent = () => verifyCalls(allCalls);
    rendered = await renderWithProviders(
      <BulkVerifyDialog
        selection={selection}
        activityId="a1"
        pointsPerHour={60}
        scheduledMinutes={120}
        raiseApprovalMinutes={60}
        onClose={() => undefined}
      />,
    );
    await click(await waitFor(() => inDialog('bulk-verify-mode-same')));
    await typeInto(await waitFor(() => inDialog('bulk-verify-minutes')), '30');

    // Three people differ from their record: without a reason nothing is sent.
    await click(inDialog('bulk-verify-submit')!);
    await waitFor(() => document.body.textContent?.includes('与记录时长不同的人需要填写调整原因'));
    expect(sent()).toHaveLength(0);

    await typeInto(inDialog('bulk-verify-reason'), '现场签到表：每人半小时');
    await click(inDialog('bulk-verify-submit')!);
    const summary = await waitFor(() => inDialog('bulk-verify-summary'));
    expect(summary.textContent).toBe('已核验 3 人 · 待第二人审批 0 人 · 未核验 1 人');

    expect(sent()).toHaveLength(4);
    const keys = new Set(sent().map((c) => c.headers['idempotency-key']));
    expect(keys.size).toBe(4);
    expect(sent().find((c) => c.url.includes('att-4'))?.body).toEqual({});
    expect(sent().find((c) => c.url.includes('att-1'))?.body).toEqual({ minutes: 30, reason: '现场签到表：每人半小时' });
    expect(results().map((r) => r.dataset.state)).toEqual(['verified', 'verified', 'refused', 'verified']);
    expect(results()[2]?.textContent).toContain('不能核验自己的签到记录');

    // Retrying sends only the refused one, with the same key as before (its body did not change).
    const firstKey = sent().find((c) => c.url.includes('att-3'))?.headers['idempotency-key'];
    await click(await waitFor(() => inDialog('bulk-verify-retry')));
    await waitFor(() => sent().length === 5);
    expect(sent()[4]?.url).toBe('/api/v1/attendance/att-3/verify');
    expect(sent()[4]?.headers['idempotency-key']).toBe(firstKey);
  });

  it('says how many will wait for a second manager, and shows them as awaiting approval', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    const selection = [attendance('1', 0), attendance('2', 60)];
    stubFetch((call) => {
      const a = selection.find((s) => call.url === `/api/v1/attendance/${s.id}/verify`)!;
      const raised = 90 - (a.recordedMinutes ?? 0) > 60;
      return json(
        200,
        raised ? { ...a, status: 'pending_approval', proposedMinutes: 90 } : { ...a, status: 'verified', verifiedMinutes: 90 },
      );
    });
    rendered = await renderWithProviders(
      <BulkVerifyDialog
        selection={selection}
        activityId="a1"
        pointsPerHour={60}
        scheduledMinutes={120}
        raiseApprovalMinutes={60}
        onClose={() => undefined}
      />,
    );
    await click(await waitFor(() => inDialog('bulk-verify-mode-same')));
    await typeInto(await waitFor(() => inDialog('bulk-verify-minutes')), '90');
    await typeInto(inDialog('bulk-verify-reason'), '纸质签到表');
    const warning = await waitFor(() => inDialog('bulk-verify-needs-approval'));
    expect(warning.textContent).toContain('1 人上调超过记录时长 60 分钟');
    expect(inDialog('bulk-verify-points-preview')?.textContent).toContain('90');

    await click(inDialog('bulk-verify-submit')!);
    await waitFor(() => inDialog('bulk-verify-summary'));
    expect(results().map((r) => r.dataset.state)).toEqual(['pending_approval', 'verified']);
    expect(inDialog('bulk-verify-summary')?.textContent).toBe('已核验 1 人 · 待第二人审批 1 人 · 未核验 0 人');
  });

  it('refuses minutes above the scheduled length, or 2.5, before sending anything', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    const calls = stubFetch(() => json(500, {}));
    rendered = await renderWithProviders(
      <BulkVerifyDialog
        selection={[attendance('1', 0)]}
        activityId="a1"
        pointsPerHour={60}
        scheduledMinutes={120}
        raiseApprovalMinutes={60}
        onClose={() => undefined}
      />,
    );
    await click(await waitFor(() => inDialog('bulk-verify-mode-same')));
    await typeInto(await waitFor(() => inDialog('bulk-verify-minutes')), '150');
    await typeInto(inDialog('bulk-verify-reason'), '多算了');
    await click(inDialog('bulk-verify-submit')!);
    await waitFor(() => document.body.textContent?.includes('上调不能超过活动时长 120 分钟'));
    await typeInto(inDialog('bulk-verify-minutes'), '2.5');
    await click(inDialog('bulk-verify-submit')!);
    await waitFor(() => document.body.textContent?.includes('请输入 0 到 1440 之间的整数'));
    expect((inDialog('bulk-verify-minutes') as HTMLInputElement).value).toBe('2.5');
    expect(verifyCalls(calls)).toHaveLength(0);
  });
});
