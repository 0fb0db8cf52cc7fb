import type { KafkaSecurity, ServiceConfig } from '../config/service-config';

export interface MessagingOptions {
  /** The service's name: the envelope's `producer`, the Kafka client id, the consumer group. */
  service: string;
  config: Pick<
    ServiceConfig,
    | 'KAFKA_BROKERS'
    | 'KAFKA_TOPIC_PREFIX'
    | 'KAFKA_PARTITIONS'
    | 'KAFKA_REPLICATION_FACTOR'
    | 'OUTBOX_POLL_MS'
    | 'KAFKA_SESSION_TIMEOUT_MS'
  > &
    Partial<KafkaSecurity> &
    Partial<Pick<ServiceConfig, 'MESSAGE_MAX_ATTEMPTS' | 'MESSAGE_RETRY_BACKOFF_MS' | 'OUTBOX_MAX_ATTEMPTS'>>;
  /** Partitions handled at once by the consumer (kafkajs `partitionsConsumedConcurrently`); 1 by default. */
  partitionsConsumedConcurrently?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/**
 * Applies the deployment's topic prefix. Every topic string in code is an unprefixed constant
 * from libs/contracts; this is the one place that turns it into the name on the broker.
 */
export class TopicNamer {
  constructor(private readonly prefix: string) {}

  physical(topic: string): string {
    return `${this.prefix}${topic}`;
  }

  logical(physical: string): string {
    return this.prefix && physical.startsWith(this.prefix) ? physical.slice(this.prefix.length) : physical;
  }

  group(service: string): string {
    return `${this.prefix}${service}`;
  }
}
