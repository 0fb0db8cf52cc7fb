import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client';
import type { Asset } from '../lib/format';

/** `GET /ledger/trial-balance`: per asset, the entries must sum to zero. */
export interface AssetTrialBalance {
  asset: Asset;
  accounts: number;
  debits: number;
  credits: number;
  sum: number;
  balanced: boolean;
}

export interface TrialBalance {
  assets: AssetTrialBalance[];
}

export interface ReconciliationDrift {
  accountKey: string;
  asset: Asset;
  /** The account's stored balance. */
  stored: number;
  /** What its entries add up to. */
  fromEntries: number;
}

/** `GET /ledger/reconciliation`: stored balances checked against the entries. */
export interface Reconciliation {
  status: 'ok' | 'drift' | 'not_run';
  checkedAt: string | null;
  accountsChecked: number;
  drifts: ReconciliationDrift[];
}

/** `GET /ledger/chain/verify`: the hash chain over the postings, walked link by link. */
export interface ChainVerification {
  valid: boolean;
  length: number;
  head: { seq: number; hash: string } | null;
  brokenAt: { seq: number; transferId: string; reason: string } | null;
  verifiedAt: string;
}

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
