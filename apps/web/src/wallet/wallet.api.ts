import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../api/client';
import type { Page, Wallet, WalletEntry } from '../api/types';

export const walletKeys = {
  all: ['wallet'] as const,
  balance: ['wallet', 'balance'] as const,
  entries: ['wallet', 'entries'] as const,
};

export const ENTRIES_PAGE_SIZE = 20;

export function useWallet() {
  return useQuery({
    queryKey: walletKeys.balance,
    queryFn: ({ signal }) => apiRequest<Wallet>('/me/wallet', { signal }),
  });
}

export function useWalletEntries() {
  return useInfiniteQuery({
    queryKey: walletKeys.entries,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<WalletEntry>>('/me/wallet/entries', {
        query: { limit: ENTRIES_PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
