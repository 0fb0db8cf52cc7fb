import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthService } from '@goodloop/common';
import type Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';
import { ServiceClient } from '../relay/service.client';
import { KafkaHealth } from './kafka.health';

export type HealthState = 'ok' | 'degraded' | 'down';

export interface PlatformHealth {
  status: 'ok' | 'degraded';
  services: Record<'gateway' | 'volunteers' | 'ledger' | 'postgres' | 'kafka' | 'redis', HealthState>;
}

/**
 * The public health answer: each part ok, degraded or down, and nothing more — error texts
 * stay in the logs, not on a public endpoint. The gateway's own infrastructure comes from the
 * shared HealthService (PostgreSQL, the outbox relay) plus Redis and Kafka checks registered here.
 */
@Injectable()
export class GatewayHealthService implements OnModuleInit {
  constructor(
    private readonly local: HealthService,
    private readonly services: ServiceClient,
    private readonly kafka: KafkaHealth,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onModuleInit(): void {
    this.local.register('redis', async () => ({ ok: (await this.redis.ping()) === 'PONG' }));
    this.local.register('kafka', () => this.kafka.check());
  }

  async check(): Promise<PlatformHealth> {
    const [local, volunteers, ledger] = await Promise.all([
      this.local.report(),
      this.services.health('volunteers'),
      this.services.health('ledger'),
    ]);
    const ok = (name: string): boolean => local.checks[name]?.ok === true;
    const services: PlatformHealth['services'] = {
      gateway: ok('outbox') ? 'ok' : 'degraded',
      volunteers: volunteers.status,
      ledger: ledger.status,
      postgres: ok('postgres') ? 'ok' : 'down',
      kafka: ok('kafka') ? 'ok' : 'down',
      redis: ok('redis') ? 'ok' : 'down',
    };
    return { status: Object.values(services).every((s) => s === 'ok') ? 'ok' : 'degraded', services };
  }
}
