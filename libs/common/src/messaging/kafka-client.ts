import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

const LEVELS: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

const TRANSIENT =
  /rebalanc|not the leader|does not host this topic-partition|leader not available|coordinator is not available|not coordinator/i;

/** A kafkajs client whose own log lines go through the service's logger. */
export function createKafkaClient(clientId: string, brokers: string): Kafka {
  const logger = new Logger('Kafka');
  return new Kafka({
    clientId,
    brokers: brokers.split(',').map((b) => b.trim()),
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
