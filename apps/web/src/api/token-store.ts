/**
 * The signed-in session: the access and refresh tokens, kept in localStorage so a reload keeps
 * the resident signed in, and shared between tabs (the `storage` event tells the others).
 */
import { writeSharedPair } from './shared-session';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/** Why the session ended, so the UI can say "your session expired" only when it did. */
export type SignOutReason = 'logout' | 'expired';

type Listener = (reason?: SignOutReason) => void;

const STORAGE_KEY = 'goodloop.session';
const listeners = new Set<Listener>();
let cachedRaw: string | null | undefined;
let cachedPair: TokenPair | null = null;

function readRaw(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

function parse(raw: string | null): TokenPair | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as TokenPair).accessToken === 'string' &&
      typeof (value as TokenPair).refreshToken === 'string'
    ) {
      return { accessToken: (value as TokenPair).accessToken, refreshToken: (value as TokenPair).refreshToken };
    }
  } catch {
    // A damaged entry counts as signed out.
  }
  return null;
}

function notify(reason?: SignOutReason): void {
  for (const listener of listeners) listener(reason);
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY || event.key === null) notify(readRaw() ? undefined : 'logout');
  });
}

export const tokenStore = {
  /** The current pair, read through to storage so another tab's refresh is seen at once. */
  get(): TokenPair | null {
    const raw = readRaw();
    if (raw !== cachedRaw) {
      cachedRaw = raw;
      cachedPair = parse(raw);
    }
    return cachedPair;
  },

  set(pair: TokenPair): void {
    void writeSharedPair(pair);
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(pair));
    } catch {
      // Without storage the session lasts until the page closes.
    }
    cachedRaw = JSON.stringify(pair);
    cachedPair = { accessToken: pair.accessToken, refreshToken: pair.refreshToken };
    notify();
  },

  clear(reason: SignOutReason = 'logout'): void {
    const hadSession = tokenStore.get() !== null;
    void writeSharedPair(null);
    try {
      globalThis.localStorage?.removeItem(STORAGE_KEY);
    } catch {
      // Nothing stored.
    }
    cachedRaw = null;
    cachedPair = null;
    if (hadSession) notify(reason);
  },

  /** For `useSyncExternalStore` and for reacting to a forced sign-out. */
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
