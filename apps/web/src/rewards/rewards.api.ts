import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client';
import type {
  CreateRedemptionDto,
  Page,
  PledgeCategory,
  RedemptionStatus,
  RedemptionView,
  RewardView,
} from '@goodloop/contracts';
import { walletKeys } from '../wallet/wallet.api';

// The rewards catalogue's shapes (@goodloop/contracts, donations/http.v1.ts), as types only.
export type { PledgeCategory, RedemptionStatus, RedemptionView, RewardView } from '@goodloop/contracts';

export const PLEDGE_CATEGORIES = ['goods', 'course', 'service'] as const satisfies readonly PledgeCategory[];

export function isPledgeCategory(value: string | null | undefined): value is PledgeCategory {
  return (PLEDGE_CATEGORIES as readonly (string | null | undefined)[]).includes(value);
}

/** The pickup code: eight digits (PICKUP_CODE_PATTERN in the contracts). */
export const PICKUP_CODE_PATTERN = /^\d{8}$/;

/** What the QR code holds: the business's scanner reads the redemption and its code. */
export function pickupQrText(redemption: Pick<RedemptionView, 'id' | 'pickupCode'>): string {
  return `goodloop:pickup:${redemption.id}:${redemption.pickupCode ?? ''}`;
}

/** Statuses on the way to another: the page reads the redemption again until it settles. */
const TRANSIENT: readonly RedemptionStatus[] = ['holding', 'fulfilling', 'cancelling', 'expiring'];

export function isTransient(status: RedemptionStatus): boolean {
  return TRANSIENT.includes(status);
}

export interface RewardFilters {
  category?: PledgeCategory;
  place?: string;
  orgId?: string;
}

const PAGE_SIZE = 20;

export const rewardKeys = {
  all: ['rewards'] as const,
  list: (filters: RewardFilters) => ['rewards', 'list', filters] as const,
  detail: (id: string) => ['rewards', 'detail', id] as const,
  redemptions: ['redemptions'] as const,
  myRedemptions: ['redemptions', 'mine'] as const,
  redemption: (id: string) => ['redemptions', 'one', id] as const,
};

export function useRewards(filters: RewardFilters) {
  return useInfiniteQuery({
    queryKey: rewardKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<RewardView>>('/rewards', { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useReward(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: rewardKeys.detail(id),
    enabled: options.enabled ?? true,
    queryFn: ({ signal }) => apiRequest<RewardView>(`/rewards/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useMyRedemptions() {
  return useInfiniteQuery({
    queryKey: rewardKeys.myRedemptions,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<RedemptionView>>('/me/redemptions', { query: { limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // A held code turns into "picked up" when the business confirms: look again now and then.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((r) => r.status === 'held' || isTransient(r.status)))
        ? 10_000
        : false,
  });
}

/**
 * One redemption, read again every 1.5 s while it is on its way somewhere (the ledger has not yet
 * answered the points hold, or a cancel is going through).
 */
export function useRedemption(id: string | undefined, initial?: RedemptionView) {
  return useQuery({
    queryKey: rewardKeys.redemption(id ?? ''),
    enabled: id !== undefined,
    initialData: initial,
    staleTime: 0,
    queryFn: ({ signal }) => apiRequest<RedemptionView>(`/redemptions/${encodeURIComponent(id ?? '')}`, { signal }),
    refetchInterval: (query) => (query.state.data && isTransient(query.state.data.status) ? 1_500 : false),
  });
}

/** Points held and stock reserved change the wallet, the reward and my list: refresh them all. */
function useInvalidateAfterRedemption() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: rewardKeys.all }),
      queryClient.invalidateQueries({ queryKey: rewardKeys.redemptions }),
      queryClient.invalidateQueries({ queryKey: walletKeys.all }),
    ]);
}

export function useRedeem() {
  const invalidate = useInvalidateAfterRedemption();
  return useMutation({
    mutationFn: (input: { body: CreateRedemptionDto; idempotencyKey: string }) =>
      apiRequest<RedemptionView>('/redemptions', { method: 'POST', body: input.body, idempotencyKey: input.idempotencyKey }),
    onSettled: invalidate,
  });
}

export function useCancelRedemption() {
  const invalidate = useInvalidateAfterRedemption();
  return useMutation({
    mutationFn: (id: string) => apiRequest<RedemptionView>(`/redemptions/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
    onSettled: invalidate,
  });
}
