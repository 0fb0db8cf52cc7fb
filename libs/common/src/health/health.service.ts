import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KafkaTransport } from '../messaging/kafka.transport';
import { OutboxRelay } from '../messaging/outbox.relay';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, { ok: boolean; [detail: string]: unknown }>;
}

/** Extra checks a service adds (Redis, reconciliation …). */
export type HealthCheck = () => Promise<{ ok: boolean; [detail: string]: unknown }>;

@Injectable()
export class HealthService {
  private readonly extra = new Map<string, HealthCheck>();

  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly consumer?: KafkaTransport,
    @Optional() private readonly relay?: OutboxRelay,
  ) {}

  register(name: string, check: HealthCheck): void {
    this.extra.set(name, check);
  }

  async report(): Promise<HealthReport> {
    const checks: HealthReport['checks'] = {};
    checks.postgres = await this.dataSource
      .query('SELECT 1')
      .then(() => ({ ok: true }))
      .catch((e: unknown) => ({ ok: false, error: String((e as Error).message ?? e) }));
    if (this.consumer) checks.kafkaConsumer = this.consumer.health;
    if (this.relay) checks.outbox = this.relay.health;
    for (const [name, check] of this.extra) {
      checks[name] = await check().catch((e: unknown) => ({ ok: false, error: String((e as Error).message ?? e) }));
    }
    return { status: Object.values(checks).every((c) => c.ok) ? 'ok' : 'degraded', checks };
  }
}
