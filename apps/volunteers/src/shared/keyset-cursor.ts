/**
 * Opaque cursors for keyset pagination. A page is ordered by (a timestamp, id); the cursor holds
 * the last row's pair, and the next page starts strictly after it, so rows inserted meanwhile
 * never shift a page the way OFFSET would.
 *
 * The cursor is base64url JSON: { at: "2026-12-01T02:00:00.000Z", id: "0190…" } →
 * "eyJhdCI6IjIwMjYtMTItMDFUMDI6MDA6MDAuMDAwWiIsImlkIjoi…". Clients treat it as opaque.
 * Timestamps used as keys are written by the service from JS Dates, so they have millisecond
 * precision and survive the round trip exactly.
 */
export interface KeysetPosition {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify({ at: position.at.toISOString(), id: position.id }), 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not one this service made. */
export function decodeCursor(cursor: string): KeysetPosition | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { at, id } = raw as { at?: unknown; id?: unknown };
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) return null;
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== at) return null;
  return { at: date, id };
}
