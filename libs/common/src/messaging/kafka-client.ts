import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

const LEVELS: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

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
        // The "group is rebalancing" chatter is normal life for a consumer group.
        if (level === logLevel.ERROR && /rebalanc/i.test(String(message))) return;
        logger[LEVELS[level] ?? 'log'](`${String(message)} ${JSON.stringify(extra)}`);
      },
  });
}
