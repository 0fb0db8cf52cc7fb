import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthService } from '@goodloop/common';
import type Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';
import { ServiceClient } from '../relay/service.client';
import { SERVICE_NAMES, type ServiceName } from '../relay/services';
import { KafkaHealth } from './kafka.health';

export type HealthState = 'ok' | 'degraded' | 'down';

export interface PlatformHealth {
  status: 'ok' | 'degraded';
  /** The gateway, its infrastructure, and every service it relays to (relay/services.ts). */
  services: Record<'gateway' | 'postgres' | 'kafka' | 'redis' | ServiceName, HealthState>;
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
    const [local, ...relayed] = await Promise.all([
      this.local.report(),
      ...SERVICE_NAMES.map((name) => this.services.health(name)),
    ]);
    const ok = (name: string): boolean => local.checks[name]?.ok === true;
    const services: PlatformHealth['services'] = {
      gateway: ok('outbox') ? 'ok' : 'degraded',
      ...(Object.fromEntries(SERVICE_NAMES.map((name, i) => [name, relayed[i]!.status])) as Record<ServiceName, HealthState>),
      postgres: ok('postgres') ? 'ok' : 'down',
      kafka: ok('kafka') ? 'ok' : 'down',
      redis: ok('redis') ? 'ok' : 'down',
    };
    return { status: Object.values(services).every((s) => s === 'ok') ? 'ok' : 'degraded', services };
  }
}
