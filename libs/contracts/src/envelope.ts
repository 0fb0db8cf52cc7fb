import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { topicVersion, type PayloadOf } from './registry';
import type { TopicName } from './topics';

/**
 * What every Kafka message carries around its payload. `id` is a UUIDv7 chosen by the producer;
 * consumers use it as their idempotency key (the inbox), so a redelivered message has its effect
 * once. `correlationId` follows one user action through every service and log line;
 * `causationId` names the message that caused this one, when there is one.
 */
export interface Envelope<P = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  producer: string;
  correlationId: string;
  causationId?: string;
  payload: P;
}

/** The part of an envelope that its topic and producer decide: the same for every message of theirs. */
export type EnvelopeTemplate = Pick<Envelope, 'type' | 'version' | 'producer'>;

export function envelopeTemplate(topic: TopicName, producer: string): EnvelopeTemplate {
  return { type: topic, version: topicVersion(topic), producer };
}

/** What varies per message, besides the payload. */
export interface EnvelopeOrigin {
  /** A UUIDv7, chosen once: consumers use it as their idempotency key. */
  id: string;
  producer: string;
  correlationId: string;
  causationId?: string;
  occurredAt?: Date;
}

/**
 * The one place an envelope is put together. The ledger's posting engine, which writes its
 * messages in SQL, gets the {@link envelopeTemplate} of each of its topics from TypeScript and
 * adds only id, time, correlation and payload (apps/ledger/src/database/sql/ledger-apply.v2.sql).
 */
export function createEnvelope<T extends TopicName>(
  topic: T,
  payload: PayloadOf<T>,
  origin: EnvelopeOrigin,
): Envelope<PayloadOf<T>> {
  return {
    id: origin.id,
    ...envelopeTemplate(topic, origin.producer),
    occurredAt: (origin.occurredAt ?? new Date()).toISOString(),
    correlationId: origin.correlationId,
    ...(origin.causationId ? { causationId: origin.causationId } : {}),
    payload,
  };
}

/** Validation rules for the envelope itself; the payload is validated by its own class. */
export class EnvelopeDto implements Envelope<Record<string, unknown>> {
  @IsUUID()
  id: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  type: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  version: number;

  @IsISO8601({ strict: true })
  occurredAt: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  producer: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  correlationId: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  causationId?: string;

  @IsObject()
  payload: Record<string, unknown>;
}

/** Kafka header names the platform sets on every message. */
export const Headers = {
  MessageId: 'goodloop-message-id',
  Type: 'goodloop-type',
  CorrelationId: 'goodloop-correlation-id',
  DeadLetterReason: 'goodloop-dlq-reason',
  DeadLetterTopic: 'goodloop-dlq-original-topic',
  DeadLetterPartition: 'goodloop-dlq-original-partition',
  DeadLetterOffset: 'goodloop-dlq-original-offset',
  DeadLetterGroup: 'goodloop-dlq-consumer-group',
  DeadLetterAt: 'goodloop-dlq-failed-at',
  DeadLetterAttempts: 'goodloop-dlq-attempts',
  /** Set on a message re-driven from a dead-letter topic: when it was re-driven. */
  RedrivenAt: 'goodloop-redriven-at',
} as const;
