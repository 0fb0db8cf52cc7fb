import { App } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '@goodloop/contracts';
import { apiRequest } from '../api/client';
import { formatPoints } from '../lib/format';
import { walletKeys, type StatementEntry } from './wallet.api';

/** How often a visible page asks whether points arrived; hidden tabs do not ask (React Query). */
export const WALLET_WATCH_INTERVAL_MS = 10_000;

/** The newest entries, first to last, that arrived after `seenId` (all of `items` when it is not among them). */
export function arrivedSince(items: readonly StatementEntry[], seenId: string): StatementEntry[] {
  const index = items.findIndex((item) => item.id === seenId);
  return (index === -1 ? items : items.slice(0, index)).slice().reverse();
}

/**
 * Keeps a signed-in person's points current without a reload: while a page is visible it looks at
 * the newest statement lines every few seconds and when the tab gets focus again; points that
 * arrive are announced ("+30 积分 · 社区清洁") and every wallet view is refreshed. Entries that
 * were there when the watch started are history, not news.
 */
export function useWalletWatch(enabled: boolean): void {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const queryClient = useQueryClient();
  const seen = useRef<string | null | undefined>(undefined);
  const latest = useQuery({
    queryKey: [...walletKeys.all, 'latest'],
    queryFn: ({ signal }) => apiRequest<Page<StatementEntry>>('/me/wallet/entries', { query: { limit: 5 }, signal }),
    enabled,
    staleTime: 0,
    refetchInterval: WALLET_WATCH_INTERVAL_MS,
    refetchOnWindowFocus: 'always',
    retry: false,
  });

  useEffect(() => {
    if (!enabled) seen.current = undefined;
  }, [enabled]);

  useEffect(() => {
    const items = latest.data?.items;
    if (!items) return;
    const newest = items[0]?.id ?? null;
    if (seen.current === undefined) {
      seen.current = newest;
      return;
    }
    if (newest === seen.current) return;
    const arrived = seen.current === null ? items.slice().reverse() : arrivedSince(items, seen.current);
    seen.current = newest;
    for (const entry of arrived) {
      if (entry.amount <= 0) continue;
      notification.success({
        key: `wallet-${entry.id}`,
        title: t('wallet.arrived', { points: formatPoints(entry.amount) }),
        description: entry.description,
        placement: 'top',
        props: { 'data-testid': 'wallet-arrived' } as React.HTMLAttributes<HTMLDivElement>,
      });
    }
    // The balance, the statement and its filters all changed.
    void queryClient.invalidateQueries({ queryKey: walletKeys.balance });
    void queryClient.invalidateQueries({ queryKey: walletKeys.entries });
  }, [latest.data, notification, queryClient, t]);
}
