import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiBlob, apiRequest } from '../api/client';
import { fileDate, saveBlob } from '../lib/download';
import type {
  CancelDto,
  CreatePledgeDto,
  CreateRewardDto,
  FulfilByCodeDto,
  ImpactView,
  MeView,
  Page,
  PledgeStatus,
  PledgeView,
  ReceivePledgeDto,
  RedemptionView,
  RewardView,
} from '@goodloop/contracts';
import { rewardKeys } from '../rewards/rewards.api';

// The in-kind shapes (@goodloop/contracts, donations/http.v1.ts), as types only.
export type { ImpactView, PledgeStatus, PledgeView } from '@goodloop/contracts';

export const PLEDGE_STATUSES = [
  'pledged',
  'in_stock',
  'allocated',
  'delivered',
  'cancelled',
] as const satisfies readonly PledgeStatus[];

/** The API's bounds for a pledge (CreatePledgeDto) and a reward (CreateRewardDto). */
export const PLEDGE_LIMITS = {
  itemMax: 120,
  unitMax: 20,
  placeMax: 200,
  hoursMax: 120,
  conditionsMax: 1000,
  quantityMax: 1_000_000,
  unitValueMaxFen: 100_000_000,
  noteMax: 500,
  reasonMax: 500,
  titleMax: 120,
  perResidentMax: 1000,
} as const;

const PAGE_SIZE = 20;

export const businessKeys = {
  all: ['in-kind'] as const,
  pledges: (filters: { orgId?: string; status?: PledgeStatus }) => ['in-kind', 'pledges', filters] as const,
  orgRedemptions: (orgId: string, status?: string) => ['in-kind', 'org-redemptions', orgId, status ?? 'all'] as const,
  impact: (orgId: string) => ['in-kind', 'impact', orgId] as const,
};

/** The businesses I pledge for: memberships with the `business` role. */
export function businessOrgs(me: MeView | undefined): { id: string; name: string }[] {
  return (me?.memberships ?? []).filter((m) => m.role === 'business').map((m) => ({ id: m.orgId, name: m.orgName }));
}

/** Whether I may take pledges in and list rewards: foundation staff, or a platform admin. */
export function isFoundationStaff(me: MeView | undefined): boolean {
  if (!me) return false;
  return me.roles.includes('admin') || me.memberships.some((m) => m.role === 'foundation_staff');
}

export function usePledges(filters: { orgId?: string; status?: PledgeStatus }, options: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: businessKeys.pledges(filters),
    enabled: options.enabled ?? true,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<PledgeView>>('/pledges', { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function useInvalidateInKind() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: businessKeys.all }),
      queryClient.invalidateQueries({ queryKey: rewardKeys.all }),
      queryClient.invalidateQueries({ queryKey: rewardKeys.redemptions }),
    ]);
}

export function useCreatePledge() {
  const invalidate = useInvalidateInKind();
  return useMutation({
    mutationFn: (input: { body: CreatePledgeDto; idempotencyKey: string }) =>
      apiRequest<PledgeView>('/pledges', { method: 'POST', body: input.body, idempotencyKey: input.idempotencyKey }),
    onSuccess: invalidate,
  });
}

export function useReceivePledge() {
  const invalidate = useInvalidateInKind();
  return useMutation({
    mutationFn: (input: { id: string; body: ReceivePledgeDto }) =>
      apiRequest<PledgeView>(`/pledges/${encodeURIComponent(input.id)}/receive`, { method: 'POST', body: input.body }),
    onSuccess: invalidate,
  });
}

export function useCancelPledge() {
  const invalidate = useInvalidateInKind();
  return useMutation({
    mutationFn: (input: { id: string; body: CancelDto }) =>
      apiRequest<PledgeView>(`/pledges/${encodeURIComponent(input.id)}/cancel`, { method: 'POST', body: input.body }),
    onSuccess: invalidate,
  });
}

export function useCreateReward() {
  const invalidate = useInvalidateInKind();
  return useMutation({
    mutationFn: (input: { body: CreateRewardDto; idempotencyKey: string }) =>
      apiRequest<RewardView>('/rewards', { method: 'POST', body: input.body, idempotencyKey: input.idempotencyKey }),
    onSuccess: invalidate,
  });
}

/** Redemptions of a business's rewards, residents anonymised; held ones looked at again every 15 s. */
export function useOrgRedemptions(orgId: string | undefined, status?: 'held') {
  return useInfiniteQuery({
    queryKey: businessKeys.orgRedemptions(orgId ?? '', status),
    enabled: orgId !== undefined,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<RedemptionView>>(`/orgs/${encodeURIComponent(orgId ?? '')}/redemptions`, {
        query: { status, limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 15_000,
  });
}

/** The business confirms a hand-over with the code the resident shows. */
export function useConfirmPickup() {
  const invalidate = useInvalidateInKind();
  return useMutation({
    mutationFn: (body: FulfilByCodeDto) => apiRequest<RedemptionView>('/pickups', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useImpact(orgId: string | undefined) {
  return useQuery({
    queryKey: businessKeys.impact(orgId ?? ''),
    enabled: orgId !== undefined,
    queryFn: ({ signal }) => apiRequest<ImpactView>(`/orgs/${encodeURIComponent(orgId ?? '')}/impact`, { signal }),
  });
}

/** The impact report as a file: CSV (with a byte order mark for spreadsheets) or PDF. */
export async function downloadImpact(orgId: string, format: 'csv' | 'pdf'): Promise<void> {
  const accept = format === 'csv' ? 'text/csv' : 'application/pdf';
  const blob = await apiBlob(`/orgs/${encodeURIComponent(orgId)}/impact`, { query: { format }, accept });
  saveBlob(blob, `goodloop-impact-${fileDate()}.${format}`);
}
