import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client';
import type { InvitationListView as InvitationList, InvitationView as Invitation } from '@goodloop/contracts';

export type { InvitationView as Invitation } from '@goodloop/contracts';

export const invitationKeys = { mine: ['invitations', 'mine'] as const };

export function useMyInvitations() {
  return useQuery({
    queryKey: invitationKeys.mine,
    queryFn: ({ signal }) => apiRequest<InvitationList>('/me/invitations', { signal }),
  });
}

/** Accepts or declines; an acceptance changes the caller's roles, so `/me` is read again. */
export function useAnswerInvitation(onAccepted: () => Promise<unknown> | void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; answer: 'accept' | 'decline' }) =>
      apiRequest<Invitation>(`/invitations/${encodeURIComponent(input.id)}/${input.answer}`, {
        method: 'POST',
        idempotencyKey: crypto.randomUUID(),
      }),
    onSuccess: async (invitation) => {
      await queryClient.invalidateQueries({ queryKey: invitationKeys.mine });
      if (invitation.status === 'accepted') await onAccepted();
    },
  });
}
