import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HealthService } from '@goodloop/common';
import { Queue, Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { DonationsConfig } from '../config/env';
import type { SandboxConfirmation } from '../cash/sandbox.provider';

export const DonationJobNames = {
  SandboxConfirm: 'sandbox-confirm',
  /** Expires lapsed pickup codes and charges the monthly gifts that are due. */
  Sweep: 'sweep',
} as const;
export type DonationJobName = (typeof DonationJobNames)[keyof typeof DonationJobNames];

type Handler = (data: unknown) => Promise<unknown>;

/**
 * The donations service's BullMQ queue: the sandbox provider's delayed confirmations and the
 * sweep schedule. Features register what a job name does (`handle`), so the queue needs none of
 * them. The key prefix follows the topic prefix, so test runs never share jobs. The queue also
 * gives the service its Redis connection (pickup-code attempts per business).
 */
@Injectable()
export class DonationJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DonationJobs.name);
  private readonly handlers = new Map<string, Handler[]>();
  readonly redis: IORedis;
  readonly keyPrefix: string;
  private queue?: Queue;
  private worker?: Worker;
  private workerConnection?: IORedis;

  constructor(
    private readonly config: DonationsConfig,
    private readonly health: HealthService,
  ) {
    this.redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
    this.keyPrefix = `goodloop${config.KAFKA_TOPIC_PREFIX ? `:${config.KAFKA_TOPIC_PREFIX}` : ''}`;
  }

  /** Adds what job `name` does; a name with several handlers runs them one after another. */
  handle(name: DonationJobName, handler: Handler): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.redis.connect();
    this.queue = new Queue('donations', { connection: this.redis, prefix: this.keyPrefix });
    // A blocking worker needs a connection of its own; it is closed here, not by BullMQ.
    this.workerConnection = this.redis.duplicate();
    this.worker = new Worker('donations', (job: Job) => this.run(job.name, job.data), {
      connection: this.workerConnection,
      prefix: this.keyPrefix,
      concurrency: 4,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`job ${job?.name ?? '?'} ${job?.id ?? ''} failed: ${error.message}`),
    );
    this.worker.on('error', (error) => this.logger.warn(`job worker: ${error.message}`));
    await this.queue.upsertJobScheduler(
      DonationJobNames.Sweep,
      { every: this.config.SWEEP_EVERY_MS },
      { name: DonationJobNames.Sweep, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
    this.health.register('jobs', async () => ({ ok: (await this.redis.ping()) === 'PONG' }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    await this.workerConnection?.quit().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
  }

  /** Runs a job's work now, outside the queue (tests, and the sweep's own schedule). */
  async run(name: string, data: unknown = {}): Promise<unknown> {
    const handlers = this.handlers.get(name);
    if (!handlers) throw new Error(`no handler for donations job ${name}`);
    const results: unknown[] = [];
    for (const handler of handlers) results.push(await handler(data));
    return results.length === 1 ? results[0] : results;
  }

  async scheduleSandboxConfirmation(confirmation: SandboxConfirmation, delayMs: number): Promise<void> {
    await this.queue!.add(DonationJobNames.SandboxConfirm, confirmation, {
      jobId: `sandbox-confirm-${confirmation.paymentId}`,
      delay: delayMs,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    });
  }
}
