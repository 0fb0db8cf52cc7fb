import {
  EnvelopeDto,
  FastPayloadChecks,
  isPlainEnvelope,
  PayloadClasses,
  type Envelope,
  type TopicName,
} from '@goodloop/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../errors/validation';

export type ParseResult<T> = { ok: true; envelope: Envelope<T>; payload: T } | { ok: false; reason: string };

/**
 * Parses and validates one raw Kafka value for a topic: JSON, the envelope's fields, the
 * envelope's type matching the topic, and the payload against the topic's contract class.
 * Returns the reason in words when anything is off; never throws.
 */
export function parseMessage<T extends object>(topic: TopicName, value: Buffer | null): ParseResult<T> {
  if (!value || value.length === 0) return { ok: false, reason: 'empty message value' };
  let raw: unknown;
  try {
    raw = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `value is not JSON: ${(error as Error).message}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'value is not a JSON object' };
  // The common plain shapes pass a quick check; anything else gets class-validator's verdict.
  const quick = FastPayloadChecks[topic];
  const candidate = raw as Envelope<unknown>;
  if (quick && candidate.type === topic && isPlainEnvelope(raw) && quick(candidate.payload)) {
    return { ok: true, envelope: candidate as Envelope<T>, payload: candidate.payload as T };
  }
  const envelope = plainToInstance(EnvelopeDto, raw);
  const envelopeErrors = validateSync(envelope, { forbidUnknownValues: false });
  if (envelopeErrors.length > 0) {
    return { ok: false, reason: `invalid envelope: ${describe(envelopeErrors)}` };
  }
  if (envelope.type !== topic) return { ok: false, reason: `envelope type "${envelope.type}" does not match topic "${topic}"` };
  const cls = PayloadClasses[topic] as new () => T;
  const payload = plainToInstance(cls, envelope.payload);
  const payloadErrors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: true });
  if (payloadErrors.length > 0) return { ok: false, reason: `invalid payload: ${describe(payloadErrors)}` };
  return { ok: true, envelope: { ...(raw as Envelope<T>), payload }, payload };
}

function describe(errors: Parameters<typeof flattenValidationErrors>[0]): string {
  return flattenValidationErrors(errors)
    .map((e) => `${e.field}: ${e.errors.join(', ')}`)
    .join('; ');
}
