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

/**
 * Three questions, three answers, so that an orchestrator acts on the right one:
 * - live: does the process answer? (never its dependencies: restarting a pod because Redis is
 *   slow, or because reconciliation found a drift, would only take every pod down at once);
 * - ready: can it serve requests now? its own database, and the checks registered as needed
 *   for serving (`{ readiness: true }`);
 * - report: everything, degraded or not, for people and the gateway's platform health.
 */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
}

@Injectable()
export class HealthService {
  private readonly extra = new Map<string, { check: HealthCheck; readiness: boolean }>();

  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly consumer?: KafkaTransport,
    @Optional() private readonly relay?: OutboxRelay,
  ) {}

  /** Adds a check to the report; with `readiness`, the service is not ready while it fails. */
  register(name: string, check: HealthCheck, { readiness = false }: { readiness?: boolean } = {}): void {
    this.extra.set(name, { check, readiness });
  }

  async readiness(): Promise<ReadinessReport> {
    const checks: Record<string, boolean> = { postgres: (await this.postgres()).ok };
    for (const [name, { check, readiness }] of this.extra) {
      if (readiness)
        checks[name] = await check().then(
          (c) => c.ok,
          () => false,
        );
    }
    return { ready: Object.values(checks).every(Boolean), checks };
  }

  async report(): Promise<HealthReport> {
    const checks: HealthReport['checks'] = {};
    checks.postgres = await this.postgres();
    if (this.consumer) checks.kafkaConsumer = this.consumer.health;
    if (this.relay) checks.outbox = this.relay.health;
    for (const [name, { check }] of this.extra) {
      checks[name] = await check().catch((e: unknown) => ({ ok: false, error: String((e as Error).message ?? e) }));
    }
    return { status: Object.values(checks).every((c) => c.ok) ? 'ok' : 'degraded', checks };
  }

  private postgres(): Promise<{ ok: boolean; error?: string }> {
    return this.dataSource
      .query('SELECT 1')
      .then(() => ({ ok: true }))
      .catch((e: unknown) => ({ ok: false, error: String((e as Error).message ?? e) }));
  }
}
