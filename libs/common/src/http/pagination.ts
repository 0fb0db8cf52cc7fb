import type { Page } from '@goodloop/contracts';
import { CommonError, CommonErrorCode } from '../errors/domain-error';

/**
 * Keyset pagination. A list is ordered by a key that never changes for a row (an id, or a time
 * and an id); the cursor holds the last shown row's key, and the next page starts strictly after
 * it, so rows inserted meanwhile never shift a page the way OFFSET would.
 *
 * A cursor is base64url JSON of the key's parts, e.g. `["2026-12-01T02:00:00.000Z","0190…"]` →
 * `WyIyMDI2LTEyLTAxVDAyOjAwOjAwLjAwMFoiLCIwMTkwIl0`. Clients treat it as opaque; a reader checks
 * each part, and a cursor that no reader accepts is a 400 naming the `cursor` field.
 */
export type CursorPart = string | number;

/** Turns a cursor's parts back into a key, or null when they are not one this list gave out. */
export type CursorReader<K> = (parts: readonly unknown[]) => K | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BIGSERIAL = /^[1-9][0-9]{0,18}$/;

export function encodeCursor(parts: readonly CursorPart[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/** The key a cursor names; undefined without a cursor; a 400 `INVALID_CURSOR` for a foreign one. */
export function decodeCursor<K>(cursor: string | undefined, read: CursorReader<K>): K | undefined {
  if (cursor === undefined) return undefined;
  const key = readCursor(cursor, read);
  if (key === null) {
    throw new CommonError(CommonErrorCode.InvalidCursor, 'cursor is not one this list gave out', [
      { field: 'cursor', errors: ['cursor is not valid'] },
    ]);
  }
  return key;
}

function readCursor<K>(cursor: string, read: CursorReader<K>): K | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  return Array.isArray(parts) ? read(parts) : null;
}

/** Readers for the keys the platform's lists use. */
export const CursorKeys = {
  /** `(at, id)`: a millisecond timestamp written by the service from a JS Date, and a UUID. */
  timeAndId: ((parts) => {
    const [at, id] = parts;
    if (parts.length !== 2 || typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) return null;
    const date = new Date(at);
    return Number.isNaN(date.getTime()) || date.toISOString() !== at ? null : { at: date, id };
  }) satisfies CursorReader<{ at: Date; id: string }>,
  /** A UUID (UUIDv7 ids sort by creation). */
  uuid: ((parts) => {
    const [id] = parts;
    return parts.length === 1 && typeof id === 'string' && UUID.test(id) ? id : null;
  }) satisfies CursorReader<string>,
  /** A bigserial id, kept as its decimal text (it may pass 2^53). */
  serial: ((parts) => {
    const [id] = parts;
    return parts.length === 1 && typeof id === 'string' && BIGSERIAL.test(id) ? id : null;
  }) satisfies CursorReader<string>,
};

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only says that there is more, and
 * the cursor points at the last row shown.
 */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => readonly CursorPart[],
  view: (row: R) => T,
): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(view),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
