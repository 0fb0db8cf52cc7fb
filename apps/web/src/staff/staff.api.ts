import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client';
import type {
  ChainVerificationView as ChainVerification,
  ReconciliationView as Reconciliation,
  TrialBalanceView as TrialBalance,
} from '@goodloop/contracts';

// The shapes the ledger answers with (@goodloop/contracts, ledger/http.v1.ts).
export type {
  ChainVerificationView as ChainVerification,
  ReconciliationDriftView as ReconciliationDrift,
  ReconciliationView as Reconciliation,
  TrialBalanceAssetView as AssetTrialBalance,
  TrialBalanceView as TrialBalance,
} from '@goodloop/contracts';

export const staffLedgerKeys = {
  all: ['staff-ledger'] as const,
  trialBalance: ['staff-ledger', 'trial-balance'] as const,
  reconciliation: ['staff-ledger', 'reconciliation'] as const,
  chain: ['staff-ledger', 'chain'] as const,
};

export function useTrialBalance() {
  return useQuery({
    queryKey: staffLedgerKeys.trialBalance,
    queryFn: ({ signal }) => apiRequest<TrialBalance>('/ledger/trial-balance', { signal }),
  });
}

export function useReconciliation() {
  return useQuery({
    queryKey: staffLedgerKeys.reconciliation,
    queryFn: ({ signal }) => apiRequest<Reconciliation>('/ledger/reconciliation', { signal }),
  });
}

/** Reconciles now (admins); the fresh result replaces the shown one. */
export function useRunReconciliation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<Reconciliation>('/ledger/reconciliation/run', { method: 'POST' }),
    onSuccess: (result) => queryClient.setQueryData(staffLedgerKeys.reconciliation, result),
  });
}

/** Walks the chain when the page opens; "verify now" walks it again. Never served from a stale cache. */
export function useChainVerification() {
  return useQuery({
    queryKey: staffLedgerKeys.chain,
    queryFn: ({ signal }) => apiRequest<ChainVerification>('/ledger/chain/verify', { signal }),
    staleTime: 0,
  });
}
