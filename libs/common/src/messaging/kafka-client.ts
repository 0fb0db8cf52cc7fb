import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import type { KafkaSecurity } from '../config/service-config';

const LEVELS: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

const TRANSIENT =
  /rebalanc|not the leader|does not host this topic-partition|leader not available|coordinator is not available|not coordinator/i;

/**
 * The kafkajs `sasl` and `ssl` options of a service's settings: SASL when KAFKA_SASL_MECHANISM is
 * set (the config has checked that user and password come with it), none otherwise (PLAINTEXT,
 * as an external cluster without authentication wants).
 */
export function kafkaSecurityOptions(security: Partial<KafkaSecurity> = {}): Pick<KafkaConfig, 'sasl' | 'ssl'> {
  const options: Pick<KafkaConfig, 'sasl' | 'ssl'> = {};
  if (security.KAFKA_SSL) options.ssl = true;
  if (security.KAFKA_SASL_MECHANISM && security.KAFKA_USERNAME && security.KAFKA_PASSWORD) {
    options.sasl = {
      mechanism: security.KAFKA_SASL_MECHANISM,
      username: security.KAFKA_USERNAME,
      password: security.KAFKA_PASSWORD,
    } as SASLOptions;
  }
  return options;
}

/** A kafkajs client, authenticated as the service's principal, whose log lines go through the service's logger. */
export function createKafkaClient(clientId: string, brokers: string, security: Partial<KafkaSecurity> = {}): Kafka {
  const logger = new Logger('Kafka');
  return new Kafka({
    clientId,
    brokers: brokers.split(',').map((b) => b.trim()),
    ...kafkaSecurityOptions(security),
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 10, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        const text = `${String(message)} ${JSON.stringify(extra)}`;
        // Rebalances and leadership moves right after a topic is created are normal life for a
        // client, and kafkajs retries them itself: they are debug lines, not errors.
        if (TRANSIENT.test(text)) return logger.debug(text);
        logger[LEVELS[level] ?? 'log'](text);
      },
  });
}
