import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { KAFKA_CLIENT } from '@goodloop/common';
import type { Admin, Kafka } from 'kafkajs';

const TIMEOUT_MS = 3_000;
const CACHE_MS = 5_000;

/**
 * Whether the Kafka cluster answers, asked with one long-lived admin connection and remembered
 * for a few seconds, so a health endpoint polled by a load balancer does not hammer the broker.
 * (The outbox relay's own health only turns red once it has something to publish.)
 */
@Injectable()
export class KafkaHealth implements OnApplicationShutdown {
  private admin?: Admin;
  private last?: { at: number; result: { ok: boolean; brokers?: number; error?: string } };

  constructor(@Inject(KAFKA_CLIENT) private readonly kafka: Kafka) {}

  async check(): Promise<{ ok: boolean; brokers?: number; error?: string }> {
    if (this.last && Date.now() - this.last.at < CACHE_MS) return this.last.result;
    let result: { ok: boolean; brokers?: number; error?: string };
    try {
      const cluster = await withTimeout(this.describe(), TIMEOUT_MS);
      result = { ok: cluster.brokers.length > 0, brokers: cluster.brokers.length };
    } catch (error) {
      result = { ok: false, error: String((error as Error).message ?? error) };
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
    }
    this.last = { at: Date.now(), result };
    return result;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async describe(): Promise<{ brokers: unknown[] }> {
    if (!this.admin) {
      const admin = this.kafka.admin({ retry: { retries: 0 } });
      await admin.connect();
      this.admin = admin;
    }
    return this.admin.describeCluster();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
