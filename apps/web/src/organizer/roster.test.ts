import { describe, expect, it } from 'vitest';
import type { AttendanceView as Attendance, RosterEntryView as RosterSignup } from '@goodloop/contracts';
import { buildRoster } from './roster';

const signup = (userId: string, status: RosterSignup['status'], extra: Partial<RosterSignup> = {}): RosterSignup => ({
  id: `s-${userId}`,
  activityId: 'a1',
  userId,
  userName: `name-${userId}`,
  status,
  createdAt: '2026-11-30T02:00:00.000Z',
  confirmedAt: status === 'confirmed' ? '2026-11-30T02:00:00.000Z' : null,
  cancelledAt: status === 'cancelled' ? '2026-11-30T03:00:00.000Z' : null,
  attendanceStatus: 'not_checked_in',
  attendance: null,
  ...extra,
});

const attendance = (userId: string, status: Attendance['status']): Attendance => ({
  id: `att-${userId}`,
  activityId: 'a1',
  userId,
  userName: `name-${userId}`,
  checkInAt: '2026-12-01T02:00:00.000Z',
  checkOutAt: status === 'checked_in' ? null : '2026-12-01T04:00:00.000Z',
  recordedMinutes: status === 'checked_in' ? null : 120,
  verifiedMinutes: status === 'verified' ? 120 : null,
  correctionReason: null,
  status,
  verifiedAt: null,
  verifiedBy: null,
  proposedMinutes: status === 'pending_approval' ? 180 : null,
  proposalReason: status === 'pending_approval' ? '纸质签到表' : null,
  proposedBy: status === 'pending_approval' ? 'organizer-1' : null,
  proposedAt: status === 'pending_approval' ? '2026-12-01T05:00:00.000Z' : null,
  rejectionReason: null,
});

describe('buildRoster', () => {
  it('lists confirmed people first, then the waitlist in order, and joins attendance by user', () => {
    const rows = buildRoster(
      [
        signup('w2', 'waitlisted', { waitlistPosition: 2 }),
        signup('c1', 'confirmed'),
        signup('w1', 'waitlisted', { waitlistPosition: 1 }),
        signup('gone', 'cancelled'),
        signup('c2', 'confirmed'),
      ],
      [attendance('c2', 'checked_out')],
    );
    expect(rows.map((r) => r.userId)).toEqual(['c1', 'c2', 'w1', 'w2']);
    expect(rows.find((r) => r.userId === 'c2')?.attendance?.status).toBe('checked_out');
    expect(rows.find((r) => r.userId === 'c1')?.attendance).toBeNull();
  });

  it('keeps people who checked in and then cancelled, or have attendance without a signup', () => {
    const rows = buildRoster(
      [signup('c1', 'confirmed'), signup('left', 'cancelled')],
      [attendance('left', 'checked_in'), attendance('walk-in', 'verified')],
    );
    expect(rows.map((r) => [r.userId, r.signup?.status ?? null, r.attendance?.status])).toEqual([
      ['c1', 'confirmed', undefined],
      ['left', 'cancelled', 'checked_in'],
      ['walk-in', null, 'verified'],
    ]);
  });

  it('prefers the attendance list over an attendance embedded in the signup', () => {
    const stale = { ...attendance('c1', 'checked_in') };
    const rows = buildRoster([signup('c1', 'confirmed', { attendance: stale })], [attendance('c1', 'verified')]);
    expect(rows[0]?.attendance?.status).toBe('verified');
    const fallback = buildRoster([signup('c1', 'confirmed', { attendance: stale })], []);
    expect(fallback[0]?.attendance?.status).toBe('checked_in');
  });
});
