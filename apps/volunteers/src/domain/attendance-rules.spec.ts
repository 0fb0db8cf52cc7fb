import {
  decideVerification,
  refuseRaiseDecision,
  isWithinCheckInWindow,
  isWithinCheckOutWindow,
  recordedMinutes,
  refuseAttendance,
  type AttendanceTransitionInput,
} from './attendance-rules';

const at = (iso: string): Date => new Date(iso);
// 09:00–11:00 UTC: check-in opens 08:30, check-out closes 13:00.
const schedule = { startsAt: at('2026-12-01T09:00:00Z'), endsAt: at('2026-12-01T11:00:00Z') };

describe('check-in window', () => {
  it('opens 30 minutes before the start and closes at the end, both included', () => {
    expect(isWithinCheckInWindow(schedule, at('2026-12-01T08:29:59.999Z'))).toBe(false);
    expect(isWithinCheckInWindow(schedule, at('2026-12-01T08:30:00Z'))).toBe(true);
    expect(isWithinCheckInWindow(schedule, at('2026-12-01T10:00:00Z'))).toBe(true);
    expect(isWithinCheckInWindow(schedule, at('2026-12-01T11:00:00Z'))).toBe(true);
    expect(isWithinCheckInWindow(schedule, at('2026-12-01T11:00:00.001Z'))).toBe(false);
  });
});

describe('check-out window', () => {
  const checkIn = at('2026-12-01T08:45:00Z');
  it('runs from the check-in until 2 hours after the end, both included', () => {
    expect(isWithinCheckOutWindow(schedule, checkIn, at('2026-12-01T08:44:59Z'))).toBe(false);
    expect(isWithinCheckOutWindow(schedule, checkIn, checkIn)).toBe(true);
    expect(isWithinCheckOutWindow(schedule, checkIn, at('2026-12-01T13:00:00Z'))).toBe(true);
    expect(isWithinCheckOutWindow(schedule, checkIn, at('2026-12-01T13:00:00.001Z'))).toBe(false);
  });
});

describe('recordedMinutes', () => {
  it('floors to whole minutes', () => {
    expect(recordedMinutes(schedule, at('2026-12-01T08:50:30Z'), at('2026-12-01T11:20:10Z'))).toBe(149);
    expect(recordedMinutes(schedule, at('2026-12-01T09:00:00Z'), at('2026-12-01T09:00:59.999Z'))).toBe(0);
  });

  it('caps at the scheduled duration plus an hour', () => {
    expect(recordedMinutes(schedule, at('2026-12-01T08:40:00Z'), at('2026-12-01T12:45:00Z'))).toBe(180);
    expect(recordedMinutes(schedule, at('2026-12-01T09:00:00Z'), at('2026-12-01T12:00:00Z'))).toBe(180);
  });

  it('never goes above a day, nor below zero', () => {
    const day = { startsAt: at('2026-12-01T00:00:00Z'), endsAt: at('2026-12-02T00:00:00Z') };
    expect(recordedMinutes(day, at('2026-12-01T00:00:00Z'), at('2026-12-02T01:00:00Z'))).toBe(1440);
    expect(recordedMinutes(schedule, at('2026-12-01T10:00:00Z'), at('2026-12-01T09:59:00Z'))).toBe(0);
  });
});

describe('refuseAttendance', () => {
  const base: AttendanceTransitionInput = {
    action: 'check_in',
    recordedBy: 'self',
    signupStatus: 'confirmed',
    attendance: null,
    schedule,
    now: at('2026-12-01T09:05:00Z'),
  };

  it('lets a confirmed resident check in inside the window', () => {
    expect(refuseAttendance(base)).toBeNull();
  });

  it('refuses anyone without a confirmed place', () => {
    expect(refuseAttendance({ ...base, signupStatus: 'waitlisted' })).toBe('NOT_CONFIRMED');
    expect(refuseAttendance({ ...base, signupStatus: null })).toBe('NOT_CONFIRMED');
    expect(refuseAttendance({ ...base, recordedBy: 'organizer', signupStatus: 'waitlisted' })).toBe('NOT_CONFIRMED');
  });

  it('refuses a second check-in', () => {
    expect(refuseAttendance({ ...base, attendance: { status: 'checked_in', checkInAt: base.now } })).toBe('ALREADY_CHECKED_IN');
  });

  it('keeps residents to the window but not organizers', () => {
    const late = at('2026-12-01T11:30:00Z');
    expect(refuseAttendance({ ...base, now: late })).toBe('OUTSIDE_CHECK_IN_WINDOW');
    expect(refuseAttendance({ ...base, now: late, recordedBy: 'organizer' })).toBeNull();
    expect(refuseAttendance({ ...base, now: at('2026-11-30T09:00:00Z'), recordedBy: 'organizer' })).toBeNull();
  });

  it('checks out only after a check-in, once, and within the window for residents', () => {
    const checkedIn = { status: 'checked_in' as const, checkInAt: at('2026-12-01T09:00:00Z') };
    const out = { ...base, action: 'check_out' as const };
    expect(refuseAttendance({ ...out, attendance: null })).toBe('NOT_CHECKED_IN');
    expect(refuseAttendance({ ...out, attendance: checkedIn, now: at('2026-12-01T11:10:00Z') })).toBeNull();
    expect(refuseAttendance({ ...out, attendance: { ...checkedIn, status: 'checked_out' } })).toBe('ALREADY_CHECKED_OUT');
    expect(refuseAttendance({ ...out, attendance: { ...checkedIn, status: 'verified' } })).toBe('ALREADY_CHECKED_OUT');
    expect(refuseAttendance({ ...out, attendance: checkedIn, now: at('2026-12-01T13:00:01Z') })).toBe('OUTSIDE_CHECK_IN_WINDOW');
    expect(
      refuseAttendance({ ...out, attendance: checkedIn, now: at('2026-12-02T13:00:01Z'), recordedBy: 'organizer' }),
    ).toBeNull();
  });
});

describe('decideVerification', () => {
  const checkedOut = { status: 'checked_out' as const, recordedMinutes: 149, userId: 'resident' };
  const organizer = { userId: 'organizer', scheduledMinutes: 150, raiseApprovalMinutes: 60 };

  it('confirms the recorded minutes by default', () => {
    expect(decideVerification(checkedOut, {}, organizer)).toEqual({ ok: true, decision: { minutes: 149, reason: null, needsApproval: false } });
    expect(decideVerification(checkedOut, { minutes: 149 }, organizer)).toEqual({
      ok: true,
      decision: { minutes: 149, reason: null, needsApproval: false },
    });
  });

  it('needs a reason for a correction, up or down, including to zero', () => {
    expect(decideVerification(checkedOut, { minutes: 150 }, organizer)).toEqual({ ok: false, refusal: 'REASON_REQUIRED' });
    expect(decideVerification(checkedOut, { minutes: 0 }, organizer)).toEqual({ ok: false, refusal: 'REASON_REQUIRED' });
    expect(decideVerification(checkedOut, { minutes: 150, reason: '   ' }, organizer)).toEqual({
      ok: false,
      refusal: 'REASON_REQUIRED',
    });
    expect(decideVerification(checkedOut, { minutes: 150, reason: ' signed the paper list at 11:30 ' }, organizer)).toEqual({
      ok: true,
      decision: { minutes: 150, reason: 'signed the paper list at 11:30', needsApproval: false },
    });
  });

  it('verifies only checked-out attendance, once', () => {
    expect(decideVerification({ status: 'checked_in', recordedMinutes: null, userId: 'resident' }, {}, organizer)).toEqual({
      ok: false,
      refusal: 'NOT_CHECKED_OUT',
    });
    expect(decideVerification({ status: 'verified', recordedMinutes: 149, userId: 'resident' }, {}, organizer)).toEqual({
      ok: false,
      refusal: 'ATTENDANCE_ALREADY_VERIFIED',
    });
  });

  it('refuses anyone verifying their own attendance, before anything else', () => {
    const own = { userId: 'resident', scheduledMinutes: 150, raiseApprovalMinutes: 60 };
    expect(decideVerification(checkedOut, {}, own)).toEqual({ ok: false, refusal: 'SELF_VERIFICATION' });
    expect(decideVerification(checkedOut, { minutes: 1440, reason: 'x' }, own)).toEqual({
      ok: false,
      refusal: 'SELF_VERIFICATION',
    });
    expect(decideVerification({ ...checkedOut, status: 'verified' }, {}, own)).toEqual({
      ok: false,
      refusal: 'SELF_VERIFICATION',
    });
  });

  it('lowers freely, raises only up to the scheduled length', () => {
    expect(decideVerification(checkedOut, { minutes: 0, reason: 'left early' }, organizer)).toEqual({
      ok: true,
      decision: { minutes: 0, reason: 'left early', needsApproval: false },
    });
    expect(decideVerification(checkedOut, { minutes: 150, reason: 'paper list' }, organizer)).toMatchObject({ ok: true });
    expect(decideVerification(checkedOut, { minutes: 151, reason: 'paper list' }, organizer)).toEqual({
      ok: false,
      refusal: 'RAISE_ABOVE_SCHEDULE',
    });
    expect(decideVerification(checkedOut, { minutes: 1440, reason: 'x' }, organizer)).toEqual({
      ok: false,
      refusal: 'RAISE_ABOVE_SCHEDULE',
    });
    // Recorded overtime (above the schedule) is confirmed or lowered, never raised further.
    const overtime = { ...checkedOut, recordedMinutes: 170 };
    expect(decideVerification(overtime, {}, organizer)).toEqual({ ok: true, decision: { minutes: 170, reason: null, needsApproval: false } });
    expect(decideVerification(overtime, { minutes: 160, reason: 'break' }, organizer)).toMatchObject({ ok: true });
    expect(decideVerification(overtime, { minutes: 171, reason: 'x' }, organizer)).toEqual({
      ok: false,
      refusal: 'RAISE_ABOVE_SCHEDULE',
    });
  });
});

describe('the two-person rule for large raises', () => {
  const recorded30 = { status: 'checked_out' as const, recordedMinutes: 30, userId: 'resident' };
  const organizer = { userId: 'organizer', scheduledMinutes: 240, raiseApprovalMinutes: 60 };

  it('verifies a raise up to the threshold alone, proposes one beyond it, never for a lowering', () => {
    expect(decideVerification(recorded30, { minutes: 90, reason: 'paper list' }, organizer)).toEqual({
      ok: true,
      decision: { minutes: 90, reason: 'paper list', needsApproval: false },
    });
    expect(decideVerification(recorded30, { minutes: 91, reason: 'paper list' }, organizer)).toEqual({
      ok: true,
      decision: { minutes: 91, reason: 'paper list', needsApproval: true },
    });
    expect(decideVerification(recorded30, { minutes: 0, reason: 'no show' }, { ...organizer, raiseApprovalMinutes: 0 })).toEqual({
      ok: true,
      decision: { minutes: 0, reason: 'no show', needsApproval: false },
    });
    // The programme's threshold decides: 0 makes every raise a two-person one.
    expect(
      decideVerification(recorded30, { minutes: 31, reason: 'x' }, { ...organizer, raiseApprovalMinutes: 0 }),
    ).toMatchObject({ ok: true, decision: { needsApproval: true } });
    // Still never above the schedule, with or without a second person.
    expect(decideVerification(recorded30, { minutes: 241, reason: 'x' }, organizer)).toEqual({
      ok: false,
      refusal: 'RAISE_ABOVE_SCHEDULE',
    });
  });

  it('refuses verifying an attendance whose raise waits for approval', () => {
    expect(decideVerification({ ...recorded30, status: 'pending_approval' }, {}, organizer)).toEqual({
      ok: false,
      refusal: 'PENDING_APPROVAL',
    });
  });

  it('lets neither the resident nor the proposer decide on the raise', () => {
    const pending = { status: 'pending_approval' as const, userId: 'resident', proposedBy: 'organizer' };
    expect(refuseRaiseDecision(pending, 'resident')).toBe('SELF_VERIFICATION');
    expect(refuseRaiseDecision(pending, 'organizer')).toBe('OWN_PROPOSAL');
    expect(refuseRaiseDecision(pending, 'colleague')).toBeNull();
    expect(refuseRaiseDecision({ ...pending, status: 'checked_out', proposedBy: null }, 'colleague')).toBe(
      'NOT_PENDING_APPROVAL',
    );
    expect(refuseRaiseDecision({ ...pending, status: 'verified' }, 'colleague')).toBe('NOT_PENDING_APPROVAL');
  });
});
