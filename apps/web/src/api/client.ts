/**
 * The fetch wrapper every API call goes through.
 *
 * - Adds `Authorization: Bearer <access token>` and an `X-Request-Id` for correlation.
 * - On a 401 it refreshes the session ONCE (POST /auth/refresh with the stored refresh token) and
 *   retries the request once with the new access token. Refresh tokens rotate and reusing a spent
 *   one revokes the whole family, so concurrent 401s share one refresh instead of racing.
 *   If the refresh is refused, or the retry is still 401, the session ends (signed out).
 * - Any answer that is not 2xx becomes an `ApiError` with the contract's error shape.
 */
import { currentLanguage } from '../i18n';
import { readSharedPair, writeSharedPair } from './shared-session';
import { tokenStore, type TokenPair } from './token-store';
import type { AuthResultView as AuthResult } from '@goodloop/contracts';

/** A field that failed validation, as `details` of a 400 lists it. */
export interface FieldError {
  field: string;
  errors: string[];
}

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the server could not be reached. */
  readonly statusCode: number;
  /** HTTP reason phrase from the error body ("Bad Request"). */
  readonly error: string;
  /** Machine-readable code for domain errors (`ACTIVITY_FULL`). */
  readonly code: string | undefined;
  /** Fields that failed validation. */
  readonly details: FieldError[];
  readonly requestId: string | undefined;
  /** From `Retry-After` on 429. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    statusCode: number;
    message: string;
    error?: string;
    code?: string;
    details?: FieldError[];
    requestId?: string;
    retryAfterSeconds?: number;
  }) {
    super(init.message);
    this.statusCode = init.statusCode;
    this.error = init.error ?? '';
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** The messages for one field (`place.name`), for showing next to it. */
  fieldErrors(field: string): string[] {
    return this.details.filter((d) => d.field === field).flatMap((d) => d.errors);
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Send the access token and refresh on 401 (default). Off for login, register and refresh. */
  auth?: boolean;
  /** For writes that move value: the same key on a retry makes the server apply it once. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

function newRequestId(): string {
  return globalThis.crypto.randomUUID();
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function asFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { field, errors } = item as { field?: unknown; errors?: unknown };
    if (typeof field !== 'string') return [];
    const messages = Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : [];
    return [{ field, errors: messages }];
  });
}

async function toApiError(response: Response, requestId: string): Promise<ApiError> {
  const body = await readBody(response).catch(() => undefined);
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const rawMessage = record['message'];
  const message = Array.isArray(rawMessage)
    ? rawMessage.map(String).join('; ')
    : typeof rawMessage === 'string'
      ? rawMessage
      : response.statusText || `HTTP ${response.status}`;
  const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return new ApiError({
    statusCode: typeof record['statusCode'] === 'number' ? record['statusCode'] : response.status,
    message,
    error: typeof record['error'] === 'string' ? record['error'] : response.statusText,
    code: typeof record['code'] === 'string' ? record['code'] : undefined,
    details: asFieldErrors(record['details']),
    requestId: response.headers.get('x-request-id') ?? requestId,
    retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
  });
}

async function send(url: string, init: RequestInit, requestId: string): Promise<Response> {
  try {
    return await globalThis.fetch(url, init);
  } catch (cause) {
    if (init.signal?.aborted) throw cause;
    throw new ApiError({ statusCode: 0, message: 'Network error', code: 'NETWORK_ERROR', requestId });
  }
}

let refreshInFlight: Promise<boolean> | null = null;

/**
 * Exchanges the stored refresh token for a new pair. Resolves true when the session was renewed,
 * false when the server refused it (the session is then over). Network failures and server errors
 * throw and keep the session: the refresh token may still be good.
 */
async function refreshSession(): Promise<boolean> {
  const stored = tokenStore.get();
  if (!stored) return false;
  const requestId = newRequestId();
  const response = await send(
    `${API_BASE}/auth/refresh`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Request-Id': requestId },
      body: JSON.stringify({ refreshToken: stored.refreshToken }),
    },
    requestId,
  );
  if (response.ok) {
    const result = (await readBody(response)) as Partial<AuthResult> | undefined;
    if (result?.accessToken && result.refreshToken) {
      const pair = { accessToken: result.accessToken, refreshToken: result.refreshToken };
      tokenStore.set(pair);
      // Committed before the refresh lock is let go: the next tab to take it reads this pair.
      await writeSharedPair(pair);
      return true;
    }
    tokenStore.clear('expired');
    return false;
  }
  if (response.status >= 400 && response.status < 500 && response.status !== 429) {
    tokenStore.clear('expired');
    return false;
  }
  throw await toApiError(response, requestId);
}

/**
 * One refresh at a time, across every tab of this browser: requests of this tab that got a 401
 * meanwhile wait for the same refresh, and another tab waits on the Web Lock, then finds the
 * pair the first tab stored and uses it instead of spending a refresh token again (the server
 * would take a second use of a spent token for theft, outside its short grace).
 */
function refreshOnce(): Promise<boolean> {
  refreshInFlight ??= refreshAcrossTabs().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

const REFRESH_LOCK = 'goodloop.session.refresh';

async function refreshAcrossTabs(): Promise<boolean> {
  const spent = tokenStore.get()?.refreshToken;
  const refreshUnlessDone = async (): Promise<boolean> => {
    // Another tab refreshed while this one waited for the lock: IndexedDB has its pair already,
    // where this tab's localStorage may not yet (shared-session.ts).
    const shared = await readSharedPair();
    if (shared && shared.refreshToken !== spent) {
      if (tokenStore.get()?.refreshToken !== shared.refreshToken) tokenStore.set(shared);
      return true;
    }
    const now = tokenStore.get();
    if (now === null) return false;
    if (now.refreshToken !== spent) return true;
    return refreshSession();
  };
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request(REFRESH_LOCK, refreshUnlessDone) : refreshUnlessDone();
}

/**
 * Sends a request with the session: the bearer token, the UI's language, a request id, and one
 * refresh on 401. Answers the raw response when it is 2xx; anything else becomes an ApiError.
 */
async function sendWithSession(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const { method = 'GET', query, body, auth = true, idempotencyKey, signal } = options;
  const url = buildUrl(path, query);
  const requestId = newRequestId();

  const attempt = (pair: TokenPair | null): Promise<Response> => {
    // The server's messages follow the UI's language, not the browser's.
    const headers: Record<string, string> = {
      Accept: accept,
      'Accept-Language': currentLanguage(),
      'X-Request-Id': requestId,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    if (auth && pair) headers['Authorization'] = `Bearer ${pair.accessToken}`;
    return send(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal }, requestId);
  };

  const sent = auth ? tokenStore.get() : null;
  let response = await attempt(sent);

  if (response.status === 401 && auth && sent) {
    // Another request may have renewed the session while this one was in flight.
    const current = tokenStore.get();
    const renewed = current !== null && current.accessToken !== sent.accessToken ? true : await refreshOnce();
    if (!renewed) throw await toApiError(response, requestId);
    response = await attempt(tokenStore.get());
    if (response.status === 401) {
      // Even a fresh token is refused: the account or session is gone. Do not loop.
      tokenStore.clear('expired');
    }
  }

  if (!response.ok) throw await toApiError(response, requestId);
  return response;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await sendWithSession(path, options, 'application/json');
  return (await readBody(response)) as T;
}

/**
 * A file the API answers (a PDF receipt, a CSV report) as bytes, fetched with the session: the
 * access token travels in a header, so a plain link could not fetch it.
 */
export async function apiBlob(path: string, options: RequestOptions & { accept: string }): Promise<Blob> {
  const { accept, ...rest } = options;
  const response = await sendWithSession(path, rest, `${accept}, application/json;q=0.5`);
  return response.blob();
}

/** Lists answer `{ items, nextCursor }`; a few older routes may answer a bare array. */
export function itemsOf<T>(value: T[] | { items: T[] } | null | undefined): T[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.items;
}
