import { activityStatus, hasEnded, scheduledMinutes, scheduleProblems } from './schedule';

const at = (iso: string): Date => new Date(iso);
const schedule = { startsAt: at('2026-12-01T09:00:00Z'), endsAt: at('2026-12-01T11:30:00Z') };

describe('activityStatus', () => {
  it('is upcoming before the start, running from the start, ended from the end', () => {
    expect(activityStatus(schedule, at('2026-12-01T08:59:59.999Z'))).toBe('upcoming');
    expect(activityStatus(schedule, at('2026-12-01T09:00:00Z'))).toBe('running');
    expect(activityStatus(schedule, at('2026-12-01T11:29:59.999Z'))).toBe('running');
    expect(activityStatus(schedule, at('2026-12-01T11:30:00Z'))).toBe('ended');
    expect(hasEnded(schedule, at('2026-12-01T11:30:00Z'))).toBe(true);
    expect(hasEnded(schedule, at('2026-12-01T11:00:00Z'))).toBe(false);
  });
});

describe('scheduledMinutes', () => {
  it('counts whole minutes', () => {
    expect(scheduledMinutes(schedule)).toBe(150);
    expect(scheduledMinutes({ startsAt: at('2026-12-01T09:00:00Z'), endsAt: at('2026-12-01T09:01:59Z') })).toBe(1);
  });
});

describe('scheduleProblems', () => {
  const now = at('2026-11-20T00:00:00Z');

  it('accepts a normal schedule and exactly 24 hours', () => {
    expect(scheduleProblems(schedule, now)).toEqual([]);
    expect(scheduleProblems({ startsAt: at('2026-12-01T00:00:00Z'), endsAt: at('2026-12-02T00:00:00Z') }, now)).toEqual([]);
  });

  it('refuses an end at or before the start', () => {
    expect(scheduleProblems({ startsAt: schedule.startsAt, endsAt: schedule.startsAt }, now)).toEqual([
      { field: 'endsAt', errors: ['endsAt must be after startsAt'] },
    ]);
    expect(scheduleProblems({ startsAt: schedule.endsAt, endsAt: schedule.startsAt }, now)[0]?.field).toBe('endsAt');
  });

  it('refuses more than 24 hours', () => {
    const problems = scheduleProblems({ startsAt: at('2026-12-01T00:00:00Z'), endsAt: at('2026-12-02T00:00:00.001Z') }, now);
    expect(problems).toEqual([{ field: 'endsAt', errors: ['an activity may last at most 24 hours'] }]);
  });

  it('allows a start up to one day in the past, not more', () => {
    const dayAgo = at('2026-11-19T00:00:00Z');
    expect(scheduleProblems({ startsAt: dayAgo, endsAt: at('2026-11-19T02:00:00Z') }, now)).toEqual([]);
    const older = at('2026-11-18T23:59:59.999Z');
    expect(scheduleProblems({ startsAt: older, endsAt: at('2026-11-19T02:00:00Z') }, now)).toEqual([
      { field: 'startsAt', errors: ['startsAt must not be more than 1 day in the past'] },
    ]);
  });
});
