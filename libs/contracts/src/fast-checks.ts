import { Assets, TransferCodes } from './enums';
import { ACCOUNT_KEY_PATTERN } from './ledger/transfer-messages.v1';
import { Topics, type TopicName } from './topics';
import { CLIENT_ID_PATTERN } from './validators';

/**
 * Quick checks for the hottest messages, consulted before class-validator. A check only ever
 * says "certainly valid" (true) or "ask class-validator" (false): it accepts a strict subset of
 * what the contract class accepts — the common, plain shapes — so the contract classes stay the
 * one definition of valid, and every refusal still carries class-validator's reasons.
 * `fast-checks.spec.ts` holds each check to that over valid messages and thousands of mutations.
 *
 * Why: a ledger fetch brings thousands of transfer requests at once, and class-validator's
 * per-object cost (metadata lookups, instance creation) was a tenth of the consumer's time.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ASSETS = new Set<unknown>(Assets);
const CODES = new Set<unknown>(TransferCodes);
const REFERENCE_LIMITS: Record<string, number> = { sourceEvent: 200, requestedBy: 200, description: 500, rule: 120 };
const REQUEST_FIELDS = new Set([
  'transferId',
  'debitAccount',
  'creditAccount',
  'asset',
  'amount',
  'code',
  'references',
  'pending',
]);

/** An object as JSON.parse makes it: its prototype is a root (Object.prototype of any realm). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function shortString(value: unknown, max: number): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

/** The envelope fields, in their usual form: a UUID id, a canonical UTC time, short strings. */
export function isPlainEnvelope(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const { id, type, version, occurredAt, producer, correlationId, causationId, payload } = value;
  return (
    typeof id === 'string' &&
    UUID.test(id) &&
    shortString(type, 200) &&
    typeof version === 'number' &&
    Number.isInteger(version) &&
    version >= 1 &&
    version <= 1000 &&
    typeof occurredAt === 'string' &&
    CANONICAL_TIME.test(occurredAt) &&
    !Number.isNaN(Date.parse(occurredAt)) &&
    new Date(occurredAt).toISOString() === occurredAt &&
    shortString(producer, 100) &&
    shortString(correlationId, 200) &&
    (causationId === undefined || (typeof causationId === 'string' && causationId.length <= 200)) &&
    isPlainObject(payload)
  );
}

/** A single transfer or hold request without linked legs. */
export function isPlainTransferRequest(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const key of Object.keys(value)) if (!REQUEST_FIELDS.has(key)) return false;
  const { transferId, debitAccount, creditAccount, asset, amount, code, references, pending } = value;
  if (typeof transferId !== 'string' || !CLIENT_ID_PATTERN.test(transferId)) return false;
  if (typeof debitAccount !== 'string' || !ACCOUNT_KEY_PATTERN.test(debitAccount)) return false;
  if (typeof creditAccount !== 'string' || !ACCOUNT_KEY_PATTERN.test(creditAccount)) return false;
  if (!ASSETS.has(asset) || !CODES.has(code)) return false;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) return false;
  if (references !== undefined) {
    if (!isPlainObject(references)) return false;
    for (const [key, text] of Object.entries(references)) {
      const max = REFERENCE_LIMITS[key];
      if (max === undefined || typeof text !== 'string' || text.length > max) return false;
    }
  }
  if (pending !== undefined) {
    if (!isPlainObject(pending) || Object.keys(pending).length !== 1) return false;
    const { timeoutSeconds } = pending;
    if (
      typeof timeoutSeconds !== 'number' ||
      !Number.isInteger(timeoutSeconds) ||
      timeoutSeconds < 1 ||
      timeoutSeconds > 90 * 24 * 3600
    ) {
      return false;
    }
  }
  return true;
}

/** The topics with a quick check, and their checks. */
export const FastPayloadChecks: Partial<Record<TopicName, (payload: unknown) => boolean>> = {
  [Topics.TransferRequestV1]: isPlainTransferRequest,
};
