import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client';
import type {
  ActivityDetailView as Activity,
  ActivityCategory,
  AttendanceView as Attendance,
  MySignupView as MySignup,
  Page,
  SignupView as Signup,
} from '@goodloop/contracts';

export interface ActivityFilters {
  category?: ActivityCategory;
  orgId?: string;
  q?: string;
}

const PAGE_SIZE = 20;

export const activityKeys = {
  all: ['activities'] as const,
  list: (filters: ActivityFilters) => ['activities', 'list', filters] as const,
  detail: (id: string) => ['activities', 'detail', id] as const,
  mine: ['activities', 'mine'] as const,
};

export function useActivities(filters: ActivityFilters) {
  return useInfiniteQuery({
    queryKey: activityKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<Activity>>('/activities', {
        query: { ...filters, limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useMySignups() {
  return useInfiniteQuery({
    queryKey: activityKeys.mine,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<MySignup>>('/me/signups', { query: { limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useActivity(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: activityKeys.detail(id),
    enabled: options.enabled ?? true,
    queryFn: ({ signal }) => apiRequest<Activity>(`/activities/${encodeURIComponent(id)}`, { signal }),
  });
}

/** Sign-ups change counts, my status and the waitlist: refresh every activity view. */
function useInvalidateActivities() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: activityKeys.all });
}

export function useSignUp(activityId: string) {
  const invalidate = useInvalidateActivities();
  return useMutation({
    mutationFn: () => apiRequest<Signup>(`/activities/${encodeURIComponent(activityId)}/signups`, { method: 'POST' }),
    onSettled: invalidate,
  });
}

export function useCancelSignup(activityId: string) {
  const invalidate = useInvalidateActivities();
  return useMutation({
    mutationFn: () => apiRequest<Signup>(`/activities/${encodeURIComponent(activityId)}/signups/me`, { method: 'DELETE' }),
    onSettled: invalidate,
  });
}

/** A resident checks in or out with the six-digit code shown on site. */
export function useResidentAttendance(activityId: string) {
  const invalidate = useInvalidateActivities();
  return useMutation({
    mutationFn: (input: { action: 'check_in' | 'check_out'; code: string }) =>
      apiRequest<Attendance>(`/activities/${encodeURIComponent(activityId)}/attendance`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: invalidate,
  });
}
