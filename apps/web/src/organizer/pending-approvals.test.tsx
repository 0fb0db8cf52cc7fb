import { afterEach, describe, expect, it } from 'vitest';
import type { AttendanceView as Attendance } from '@goodloop/contracts';
import { tokenStore } from '../api/token-store';
import { json, stubFetch } from '../test/fetch-stub';
import { click, renderWithProviders, waitFor, type Rendered } from '../test/render';
import { AttendanceStatusTag } from '../activities/attendance-code-form';
import { PendingApprovals } from './pending-approvals';
import { VerifyDialog } from './verify-dialog';

const attendance = (over: Partial<Attendance> = {}): Attendance => ({
  id: 'att-1',
  activityId: 'a1',
  userId: 'resident-1',
  userName: '李阿姨',
  checkInAt: '2026-12-01T02:00:00.000Z',
  checkOutAt: '2026-12-01T02:00:30.000Z',
  recordedMinutes: 0,
  verifiedMinutes: null,
  correctionReason: null,
  status: 'pending_approval',
  verifiedAt: null,
  verifiedBy: null,
  proposedMinutes: 120,
  proposalReason: '纸质签到表：全程参与',
  proposedBy: 'organizer-1',
  proposedAt: '2026-12-01T05:00:00.000Z',
  rejectionReason: null,
  ...over,
});

async function typeInto(input: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  const { act } = await import('react');
  await act(async () => {
    const proto = input instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const byTestId = (id: string) => document.body.querySelector<HTMLElement>(`[data-testid="${id}"]`);

let rendered: Rendered | undefined;
afterEach(() => rendered?.unmount());

describe('raises awaiting a second approval', () => {
  it('offers approve and reject to another manager; approving sends an Idempotency-Key', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    const calls = stubFetch((call) =>
      call.method === 'POST' && call.url === '/api/v1/attendance/att-1/approve'
        ? json(200, attendance({ status: 'verified', verifiedMinutes: 120, verifiedBy: 'colleague-1' }))
        : json(404, { statusCode: 404, error: 'Not Found', message: 'no route' }),
    );
    rendered = await renderWithProviders(
      <PendingApprovals
        activityId="a1"
        attendance={[attendance(), attendance({ id: 'att-2', status: 'checked_out', proposedMinutes: null, proposedBy: null })]}
        currentUserId="colleague-1"
      />,
    );
    const r = rendered;
    expect(r.allByTestId('pending-approval')).toHaveLength(1);
    expect(r.byTestId('pending-approvals')?.textContent).toContain('李阿姨：0 → 120 分钟');
    expect(r.byTestId('pending-approvals')?.textContent).toContain('纸质签到表：全程参与');

    await click(r.byTestId('approval-approve')!);
    await waitFor(() => calls.some((c) => c.url === '/api/v1/attendance/att-1/approve'));
    const approve = calls.find((c) => c.url === '/api/v1/attendance/att-1/approve')!;
    expect(approve.method).toBe('POST');
    expect(typeof approve.headers['idempotency-key']).toBe('string');
  });

  it('rejects with a reason, and refuses to send without one', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    const calls = stubFetch((call) =>
      call.url === '/api/v1/attendance/att-1/reject'
        ? json(200, attendance({ status: 'checked_out', proposedMinutes: null, rejectionReason: '签到表上没有此人' }))
        : json(404, { statusCode: 404, error: 'Not Found', message: 'no route' }),
    );
    rendered = await renderWithProviders(
      <PendingApprovals activityId="a1" attendance={[attendance()]} currentUserId="colleague-1" />,
    );
    await click(rendered.byTestId('approval-reject')!);
    const submit = await waitFor(() => byTestId('reject-submit'));
    await click(submit);
    await waitFor(() => document.body.textContent?.includes('请填写驳回原因'));
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await typeInto(byTestId('reject-reason') as HTMLTextAreaElement, '签到表上没有此人');
    await click(byTestId('reject-submit')!);
    await waitFor(() => calls.some((c) => c.url === '/api/v1/attendance/att-1/reject'));
    expect(calls.find((c) => c.url === '/api/v1/attendance/att-1/reject')!.body).toEqual({ reason: '签到表上没有此人' });
  });

  it('shows the proposer and the resident why they cannot decide, without buttons', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    stubFetch(() => json(404, { statusCode: 404, error: 'Not Found', message: 'no route' }));
    rendered = await renderWithProviders(
      <PendingApprovals activityId="a1" attendance={[attendance()]} currentUserId="organizer-1" />,
    );
    expect(rendered.byTestId('approval-proposed-by-me')).not.toBeNull();
    expect(rendered.byTestId('approval-approve')).toBeNull();
    rendered.unmount();
    rendered = await renderWithProviders(
      <PendingApprovals activityId="a1" attendance={[attendance({ userId: 'colleague-1' })]} currentUserId="colleague-1" />,
    );
    expect(rendered.byTestId('approval-own-attendance')).not.toBeNull();
    expect(rendered.byTestId('approval-approve')).toBeNull();
  });

  it('lists nothing when no raise waits', async () => {
    stubFetch(() => json(404, {}));
    rendered = await renderWithProviders(
      <PendingApprovals activityId="a1" attendance={[attendance({ status: 'verified' })]} currentUserId="colleague-1" />,
    );
    expect(rendered.byTestId('pending-approvals')).toBeNull();
  });
});

describe('the verify dialog and the two-person threshold', () => {
  it('says a raise beyond the threshold will need a second approval, and not for one within it', async () => {
    tokenStore.set({ accessToken: 'a', refreshToken: 'r' });
    stubFetch(() => json(404, {}));
    const checkedOut = attendance({
      status: 'checked_out',
      proposedMinutes: null,
      proposedBy: null,
      proposedAt: null,
      proposalReason: null,
    });
    rendered = await renderWithProviders(
      <VerifyDialog
        attendance={checkedOut}
        activityId="a1"
        pointsPerHour={10}
        raiseApprovalMinutes={60}
        onClose={() => undefined}
      />,
    );
    const minutes = await waitFor(
      () => byTestId('verify-minutes')?.querySelector('input') ?? (byTestId('verify-minutes') as HTMLInputElement | null),
    );
    expect(byTestId('verify-needs-approval')).toBeNull();
    await typeInto(minutes as HTMLInputElement, '60');
    await waitFor(() => byTestId('verify-points-preview')?.textContent?.includes('10'));
    expect(byTestId('verify-needs-approval')).toBeNull();
    await typeInto(minutes as HTMLInputElement, '61');
    const warning = await waitFor(() => byTestId('verify-needs-approval'));
    expect(warning.textContent).toContain('60 分钟');
  });
});

describe("the resident's view of a raise waiting for approval", () => {
  it('says the attendance awaits a second approval', async () => {
    stubFetch(() => json(404, {}));
    rendered = await renderWithProviders(<AttendanceStatusTag attendance={attendance()} />);
    expect(rendered.container.textContent).toBe('等待第二位管理者审批');
  });
});
