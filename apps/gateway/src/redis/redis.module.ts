import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { GatewayConfig } from '../config/env';

export const REDIS = Symbol('REDIS');

/**
 * The gateway's one Redis connection (rate limits, health). Every command gives up after a
 * second, so a Redis outage slows a request down by at most that.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [GatewayConfig],
      useFactory: (config: GatewayConfig): Redis => {
        const logger = new Logger('Redis');
        const client = new Redis(config.REDIS_URL, {
          // Queued while (re)connecting, but never for long: commandTimeout bounds the wait.
          maxRetriesPerRequest: 1,
          commandTimeout: 1_000,
          connectTimeout: 2_000,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
        });
        let lastError = '';
        client.on('error', (error: Error) => {
          // ioredis repeats the same connection error on every retry; log each new one once.
          if (error.message !== lastError) logger.warn(`redis: ${error.message}`);
          lastError = error.message;
        });
        client.on('ready', () => (lastError = ''));
        return client;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
