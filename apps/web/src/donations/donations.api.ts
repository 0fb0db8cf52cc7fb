import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiBlob, apiRequest } from '../api/client';
import { saveBlob } from '../lib/download';
import type {
  CreatedDonationView,
  CreateDonationDto,
  CreateRecommendationDto,
  DafView,
  DonationView,
  FundListView,
  FundView,
  OpenDafDto,
  OrgView,
  Page,
  RecommendationListView,
  RecommendationView,
} from '@goodloop/contracts';

// The donations service's shapes (@goodloop/contracts, donations/http.v1.ts), as types only.
export type {
  CreatedDonationView,
  DafView,
  DonationStatus,
  DonationView,
  FundView,
  RecommendationStatus,
  RecommendationTarget,
  RecommendationView,
} from '@goodloop/contracts';

/** The most one donation may be unless its fund sets a lower limit: ¥1,000,000 (MAX_DONATION_FEN). */
export const MAX_DONATION_FEN = 100_000_000;
/** The API's text limits (CreateDonationDto.message, OpenDafDto.name, recommendation note, decline reason). */
export const DONATION_MESSAGE_MAX = 200;
export const DAF_NAME_MAX = 120;
export const RECOMMENDATION_NOTE_MAX = 500;
export const REASON_MAX = 500;

const PAGE_SIZE = 20;

export const donationKeys = {
  all: ['donations'] as const,
  funds: ['donations', 'funds'] as const,
  mine: ['donations', 'mine'] as const,
  one: (id: string) => ['donations', 'one', id] as const,
  myDafs: ['donations', 'daf', 'mine'] as const,
  daf: (id: string) => ['donations', 'daf', id] as const,
  recommendations: ['donations', 'recommendations'] as const,
  foundations: ['donations', 'foundations'] as const,
  orgs: ['donations', 'orgs'] as const,
};

/** Funds open to gifts, with their balances (GET /funds, anyone). */
export function useFunds() {
  return useQuery({
    queryKey: donationKeys.funds,
    queryFn: ({ signal }) => apiRequest<FundListView>('/funds', { signal }),
    // Donor-advised funds are listed to their donor only: giving into my own is giving too.
    select: (list) => list.items,
  });
}

export function useMyDonations() {
  return useInfiniteQuery({
    queryKey: donationKeys.mine,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<DonationView>>('/me/donations', { query: { limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Whether a donation is settled: confirmed with its receipt number, or failed. */
export function donationSettled(donation: DonationView): boolean {
  return donation.status === 'failed' || (donation.status === 'confirmed' && donation.receiptNumber !== null);
}

/**
 * One donation, read again every 1.5 s until the payment is confirmed and the receipt numbered
 * (the sandbox provider confirms by itself within seconds), or it failed.
 */
export function useDonation(id: string | undefined, initial?: DonationView) {
  return useQuery({
    queryKey: donationKeys.one(id ?? ''),
    enabled: id !== undefined,
    initialData: initial,
    staleTime: 0,
    queryFn: ({ signal }) => apiRequest<DonationView>(`/donations/${encodeURIComponent(id ?? '')}`, { signal }),
    refetchInterval: (query) => (query.state.data && donationSettled(query.state.data) ? false : 1_500),
  });
}

export function useCreateDonation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: CreateDonationDto; idempotencyKey: string }) =>
      apiRequest<CreatedDonationView>('/donations', { method: 'POST', body: input.body, idempotencyKey: input.idempotencyKey }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

/** The receipt PDF, fetched with the session and saved as "goodloop-receipt-2026-000042.pdf". */
export async function downloadReceipt(donation: Pick<DonationView, 'id' | 'receiptNumber'>): Promise<void> {
  const blob = await apiBlob(`/donations/${encodeURIComponent(donation.id)}/receipt`, { accept: 'application/pdf' });
  saveBlob(blob, `goodloop-receipt-${donation.receiptNumber ?? donation.id}.pdf`);
}

// ---------------------------------------------------------------- donor-advised funds

export function useMyDafs() {
  return useQuery({
    queryKey: donationKeys.myDafs,
    queryFn: ({ signal }) => apiRequest<FundListView>('/me/daf', { signal }),
    select: (list) => list.items,
  });
}

export function useDaf(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: donationKeys.daf(id),
    enabled: options.enabled ?? true,
    queryFn: ({ signal }) => apiRequest<DafView>(`/daf/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useOpenDaf() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: OpenDafDto; idempotencyKey: string }) =>
      apiRequest<FundView>('/daf', { method: 'POST', body: input.body, idempotencyKey: input.idempotencyKey }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

export function useRecommendGrant(dafId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: CreateRecommendationDto; idempotencyKey: string }) =>
      apiRequest<RecommendationView>(`/daf/${encodeURIComponent(dafId)}/recommendations`, {
        method: 'POST',
        body: input.body,
        idempotencyKey: input.idempotencyKey,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.daf(dafId) }),
  });
}

/** Organisations, for choosing a DAF's host (foundations) or a grant's recipient (any kind). */
export function useOrgs(kind?: OrgView['kind']) {
  return useQuery({
    queryKey: kind ? [...donationKeys.orgs, kind] : donationKeys.orgs,
    queryFn: ({ signal }) => apiRequest<Page<OrgView>>('/orgs', { query: { kind, limit: 100 }, signal }),
    select: (page) => page.items,
  });
}

// ---------------------------------------------------------------- staff: recommendations

export function usePendingRecommendations() {
  return useQuery({
    queryKey: donationKeys.recommendations,
    queryFn: ({ signal }) => apiRequest<RecommendationListView>('/recommendations', { signal }),
    select: (list) => list.items,
  });
}

export function useDecideRecommendation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      input: { id: string } & ({ action: 'approve'; idempotencyKey: string } | { action: 'decline'; reason: string }),
    ) =>
      apiRequest<RecommendationView>(`/recommendations/${encodeURIComponent(input.id)}/${input.action}`, {
        method: 'POST',
        // Approving moves money: a retry with the same key applies it once. Declining moves nothing.
        ...(input.action === 'decline' ? { body: { reason: input.reason } } : { idempotencyKey: input.idempotencyKey }),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}
