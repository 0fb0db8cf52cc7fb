import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../api/client';
import type { ExpiryView, Page, WalletEntryView, WalletView } from '@goodloop/contracts';

export const TRANSFER_CODES = ['earn', 'redeem', 'donate', 'grant', 'expire', 'reversal', 'adjust'] as const;
export type TransferCode = (typeof TRANSFER_CODES)[number];

export function isTransferCode(code: string): code is TransferCode {
  return (TRANSFER_CODES as readonly string[]).includes(code);
}

/** Points that lapse at `expiresAt` unless they are spent first. */
export type Expiry = ExpiryView;

/** `GET /me/wallet`, with the expiry forecast. */
export type WalletWithExpiry = WalletView;

/** A statement line, with where it came from and who was on the other side. */
export type StatementEntry = WalletEntryView;

export type EntryDirection = 'in' | 'out';

/** The statement filters as the page holds them: dates are `<input type="date">` values (local days). */
export interface EntryFilters {
  code?: TransferCode;
  direction?: EntryDirection;
  /** "2026-12-01": from the start of that day, local time. */
  fromDate?: string;
  /** "2026-12-31": up to the end of that day, local time. */
  toDate?: string;
}

export type EntryFilterQuery = Partial<Record<'code' | 'direction' | 'from' | 'to', string>>;

/** A "YYYY-MM-DD" day at the given local time, as a UTC instant; undefined when not a date. */
function localDayToIso(day: string | undefined, time: string): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T${time}`); // no zone designator: read as local time
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A date range whose end is before its start; the page shows a hint instead of asking. */
export function isRangeInverted(filters: EntryFilters): boolean {
  return Boolean(filters.fromDate && filters.toDate && filters.toDate < filters.fromDate);
}

/**
 * The filters as `GET /me/wallet/entries` takes them. A day range covers whole local days:
 * in Shanghai (UTC+8) 2026-12-01…2026-12-01 is from 2026-11-30T16:00:00.000Z to 2026-12-01T15:59:59.999Z.
 */
export function entryFilterQuery(filters: EntryFilters): EntryFilterQuery {
  const query: EntryFilterQuery = {};
  if (filters.code) query.code = filters.code;
  if (filters.direction) query.direction = filters.direction;
  const from = localDayToIso(filters.fromDate, '00:00:00.000');
  const to = localDayToIso(filters.toDate, '23:59:59.999');
  if (from) query.from = from;
  if (to) query.to = to;
  return query;
}

export function hasFilters(filters: EntryFilters): boolean {
  return Object.keys(entryFilterQuery(filters)).length > 0;
}

export const walletKeys = {
  all: ['wallet'] as const,
  balance: ['wallet', 'balance'] as const,
  entries: ['wallet', 'entries'] as const,
  filteredEntries: (query: EntryFilterQuery) => ['wallet', 'entries', query] as const,
};

export const ENTRIES_PAGE_SIZE = 20;

export function useWallet() {
  return useQuery({
    queryKey: walletKeys.balance,
    queryFn: ({ signal }) => apiRequest<WalletWithExpiry>('/me/wallet', { signal }),
  });
}

/** The statement under the given filters. Each filter set is its own list: changing one starts again from the first page. */
export function useWalletEntries(filters: EntryFilters = {}, options: { enabled?: boolean } = {}) {
  const query = entryFilterQuery(filters);
  return useInfiniteQuery({
    queryKey: walletKeys.filteredEntries(query),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<StatementEntry>>('/me/wallet/entries', {
        query: { ...query, limit: ENTRIES_PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled ?? true,
  });
}

const UTF8_BOM = '\uFEFF';

/** "goodloop-points-20261201.csv", dated today in local time. */
export function csvFileName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `goodloop-points-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}.csv`;
}

/** Hands a file to the browser's download, as a link to an object URL would. */
function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Some browsers start reading the URL only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * Downloads the statement as CSV under the current filters. The access token travels in the
 * Authorization header (it is not a cookie), so a plain link cannot fetch the file: it is fetched
 * through the API client (which also renews an expired session) and saved from memory. A UTF-8
 * byte order mark goes first so that spreadsheet programs read the Chinese text correctly.
 */
export async function downloadEntriesCsv(filters: EntryFilters): Promise<void> {
  // The readable file: headers in the UI's language (the client sends it), times in this device's zone.
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const text =
    (await apiRequest<string | undefined>('/me/wallet/entries.csv', {
      query: { ...entryFilterQuery(filters), ...(timeZone ? { timeZone } : {}) },
    })) ?? '';
  const body = text.startsWith(UTF8_BOM) ? text : UTF8_BOM + text;
  saveFile(new Blob([body], { type: 'text/csv;charset=utf-8' }), csvFileName());
}
