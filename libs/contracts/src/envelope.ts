import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

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
} as const;
