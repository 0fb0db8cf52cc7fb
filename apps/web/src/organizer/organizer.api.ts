import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { activityKeys } from '../activities/activities.api';
import { apiRequest, itemsOf } from '../api/client';
import type {
  ActivityDetailView as Activity,
  AttendanceView as Attendance,
  CreateActivityDto as CreateActivityBody,
  EarnRuleListView,
  OrgView as Org,
  Page,
  RosterEntryView as RosterSignup,
} from '@goodloop/contracts';
import { DEFAULT_RAISE_APPROVAL_MINUTES } from '@goodloop/contracts/volunteer-limits';
import { useAuth } from '../auth/auth-context';

export const rosterKeys = {
  all: (activityId: string) => ['roster', activityId] as const,
  signups: (activityId: string) => ['roster', activityId, 'signups'] as const,
  attendance: (activityId: string) => ['roster', activityId, 'attendance'] as const,
};

/** Follows the cursor to the end: a roster is read whole (at most the activity's capacity plus waitlist). */
async function fetchAll<T>(path: string, signal: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  // 10000 places plus a waitlist fit well inside 200 pages of 100; the bound only stops a
  // cursor that never ends from looping forever.
  for (let pages = 0; pages < 200; pages += 1) {
    const page = await apiRequest<Page<T> | T[]>(path, { query: { limit: 100, cursor }, signal });
    items.push(...itemsOf(page));
    cursor = Array.isArray(page) ? undefined : (page.nextCursor ?? undefined);
    if (!cursor) break;
  }
  return items;
}

export interface OrganizerOrg {
  id: string;
  name: string;
}

/**
 * The organisations I can publish for: my memberships with the organizer role, and for platform
 * admins every community and social organisation.
 */
export function useOrganizerOrgs(): { orgs: OrganizerOrg[]; isPending: boolean } {
  const { organizerMemberships, isAdmin } = useAuth();
  const allOrgs = useQuery({
    queryKey: ['orgs'],
    queryFn: ({ signal }) => fetchAll<Org>('/orgs', signal),
    enabled: isAdmin,
  });
  const orgs = new Map<string, OrganizerOrg>();
  for (const m of organizerMemberships) orgs.set(m.orgId, { id: m.orgId, name: m.orgName });
  for (const org of allOrgs.data ?? []) {
    if (org.kind === 'community' || org.kind === 'social_org') orgs.set(org.id, { id: org.id, name: org.name });
  }
  return { orgs: [...orgs.values()], isPending: isAdmin && allOrgs.isPending };
}

export function useCreateActivity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateActivityBody) => apiRequest<Activity>('/activities', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: activityKeys.all }),
  });
}

/**
 * How often an open roster looks for new sign-ups, check-ins and check-outs: volunteers arrive
 * and leave while the organizer watches the page (hidden tabs do not ask).
 */
export const ROSTER_REFRESH_MS = 10_000;

export function useRosterSignups(activityId: string) {
  return useQuery({
    queryKey: rosterKeys.signups(activityId),
    queryFn: ({ signal }) => fetchAll<RosterSignup>(`/activities/${encodeURIComponent(activityId)}/signups`, signal),
    refetchInterval: ROSTER_REFRESH_MS,
  });
}

export function useRosterAttendance(activityId: string) {
  return useQuery({
    queryKey: rosterKeys.attendance(activityId),
    queryFn: ({ signal }) => fetchAll<Attendance>(`/activities/${encodeURIComponent(activityId)}/attendance`, signal),
    refetchInterval: ROSTER_REFRESH_MS,
  });
}

/** The organizer checks a volunteer in or out by hand (no phone, forgot the code). */
export function useOrganizerAttendance(activityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { userId: string; action: 'check_in' | 'check_out' }) =>
      apiRequest<Attendance>(`/activities/${encodeURIComponent(activityId)}/attendance`, {
        method: 'POST',
        body: input,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: rosterKeys.all(activityId) }),
  });
}

export interface VerifyInput {
  attendanceId: string;
  /** Only when correcting the recorded minutes; a correction needs a reason. */
  minutes?: number;
  reason?: string;
  /** Verifying issues points: the same key on a retry makes the server apply it once. */
  idempotencyKey: string;
}

/** `POST /attendance/:id/verify`: `{}` keeps the recorded minutes. */
export function verifyAttendance({ attendanceId, minutes, reason, idempotencyKey }: VerifyInput): Promise<Attendance> {
  return apiRequest<Attendance>(`/attendance/${encodeURIComponent(attendanceId)}/verify`, {
    method: 'POST',
    body: minutes === undefined ? {} : { minutes, reason },
    idempotencyKey,
  });
}

export function useVerifyAttendance(activityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyAttendance,
    onSettled: () => queryClient.invalidateQueries({ queryKey: rosterKeys.all(activityId) }),
  });
}

/** A second manager approves a raise waiting for approval; it moves points, hence the key. */
export function useApproveRaise(activityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ attendanceId, idempotencyKey }: { attendanceId: string; idempotencyKey: string }) =>
      apiRequest<Attendance>(`/attendance/${encodeURIComponent(attendanceId)}/approve`, {
        method: 'POST',
        body: {},
        idempotencyKey,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: rosterKeys.all(activityId) }),
  });
}

/** A second manager rejects a raise waiting for approval, with a reason. */
export function useRejectRaise(activityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ attendanceId, reason }: { attendanceId: string; reason: string }) =>
      apiRequest<Attendance>(`/attendance/${encodeURIComponent(attendanceId)}/reject`, {
        method: 'POST',
        body: { reason },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: rosterKeys.all(activityId) }),
  });
}

/** The contracts' DEFAULT_PROGRAMME_ID (the web imports only the contracts' types and import-free files). */
const DEFAULT_PROGRAMME_ID = 'community-points';

/**
 * How far one manager may raise recorded minutes alone: the newest version of the default
 * programme's earn rule (every activity belongs to it today), 60 when it sets none.
 */
export function useRaiseApprovalMinutes(): number {
  const rules = useQuery({
    queryKey: ['earn-rules', DEFAULT_PROGRAMME_ID],
    queryFn: ({ signal }) => apiRequest<EarnRuleListView>(`/programmes/${DEFAULT_PROGRAMME_ID}/earn-rules`, { signal }),
    staleTime: 5 * 60_000,
  });
  const newest = rules.data?.items.reduce<EarnRuleListView['items'][number] | undefined>(
    (best, rule) => (!best || rule.version > best.version ? rule : best),
    undefined,
  );
  return newest?.raiseApprovalMinutes ?? DEFAULT_RAISE_APPROVAL_MINUTES;
}
