import type { TokenPair } from './token-store';

/**
 * The session as every tab of this browser sees it *at once*: a copy of the token pair in
 * IndexedDB. localStorage is not enough for the refresh between tabs: a write in one tab reaches
 * another tab's localStorage a little later (each renderer keeps its own copy), so a tab that
 * takes the refresh lock just after another released it may still read the spent refresh token,
 * spend it again, and have the server revoke the whole session as stolen. IndexedDB transactions
 * are ordered by the browser itself: once one tab's write has committed, another tab's read sees it.
 * Where IndexedDB is missing (tests, private modes) these do nothing and the caller falls back
 * to localStorage.
 */
const DB_NAME = 'goodloop';
const STORE = 'session';
const KEY = 'pair';

let opening: Promise<IDBDatabase | null> | undefined;

function database(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    const factory = globalThis.indexedDB as IDBFactory | undefined;
    if (!factory) {
      resolve(null);
      return;
    }
    try {
      const request = factory.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opening;
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => resolve();
    transaction.onabort = () => resolve();
  });
}

/** Stores `pair` (or removes it, for null) and resolves once the write has committed. */
export async function writeSharedPair(pair: TokenPair | null): Promise<void> {
  const db = await database();
  if (!db) return;
  try {
    const transaction = db.transaction(STORE, 'readwrite');
    const store = transaction.objectStore(STORE);
    if (pair) store.put({ accessToken: pair.accessToken, refreshToken: pair.refreshToken }, KEY);
    else store.delete(KEY);
    await done(transaction);
  } catch {
    // A closed or failing database: the refresh falls back to localStorage.
  }
}

/** The pair last committed by any tab; undefined when there is no IndexedDB to ask. */
export async function readSharedPair(): Promise<TokenPair | null | undefined> {
  const db = await database();
  if (!db) return undefined;
  try {
    const transaction = db.transaction(STORE, 'readonly');
    const request = transaction.objectStore(STORE).get(KEY);
    await done(transaction);
    const value = request.result as Partial<TokenPair> | undefined;
    return typeof value?.accessToken === 'string' && typeof value.refreshToken === 'string'
      ? { accessToken: value.accessToken, refreshToken: value.refreshToken }
      : null;
  } catch {
    return undefined;
  }
}
