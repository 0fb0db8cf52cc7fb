import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client';
import type { AdminUserView as AdminUser, MembershipRemovedView as MembershipRemoved } from '@goodloop/contracts';

// The shapes the gateway answers with (@goodloop/contracts, gateway/http.v1.ts).
export type { AdminUserView as AdminUser } from '@goodloop/contracts';

export const staffAccountKeys = {
  all: ['staff-accounts'] as const,
  byEmail: (email: string) => ['staff-accounts', 'email', email] as const,
};

/** The account with this email (admins); nothing is asked before an email is entered. */
export function useAccountByEmail(email: string) {
  return useQuery({
    queryKey: staffAccountKeys.byEmail(email),
    queryFn: ({ signal }) => apiRequest<AdminUser>('/users', { query: { email }, signal }),
    enabled: email.length > 0,
    retry: false,
  });
}

export type AccountAction = 'disable' | 'enable' | 'wallet/freeze' | 'wallet/unfreeze';

/** Disables, enables, freezes or unfreezes (admins); the answer replaces the shown account. */
export function useAccountAction(email: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { userId: string; action: AccountAction }) =>
      apiRequest<AdminUser>(`/users/${encodeURIComponent(input.userId)}/${input.action}`, {
        method: 'POST',
        idempotencyKey: crypto.randomUUID(),
      }),
    onSuccess: (user) => queryClient.setQueryData(staffAccountKeys.byEmail(email), user),
  });
}

/** Removes every role of the user in one organisation. */
export function useRemoveMembership(email: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { orgId: string; userId: string }) =>
      apiRequest<MembershipRemoved>(`/orgs/${encodeURIComponent(input.orgId)}/members/${encodeURIComponent(input.userId)}`, {
        method: 'DELETE',
        idempotencyKey: crypto.randomUUID(),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffAccountKeys.byEmail(email) }),
  });
}
