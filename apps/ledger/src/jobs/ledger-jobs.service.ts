import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HealthService } from '@goodloop/common';
import { Queue, Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { LedgerConfig } from '../config/env';
import { LedgerEngine } from '../transfers/ledger-engine';
import { LedgerJobNames, LedgerJobsProcessor } from './ledger-jobs.processor';

const QUEUE = 'ledger';

/**
 * The ledger's BullMQ queue: a delayed job per hold (void at its timeout) and three schedules —
 * the sweep for holds whose job was lost, expiry of points, and reconciliation. The queue's key
 * prefix follows the deployment's topic prefix, so test runs never share jobs.
 *
 * Closed before the database: a job in hand finishes on a live connection.
 */
@Injectable()
export class LedgerJobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LedgerJobsService.name);
  private connection?: IORedis;
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    private readonly config: LedgerConfig,
    private readonly engine: LedgerEngine,
    private readonly processor: LedgerJobsProcessor,
    private readonly health: HealthService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = new IORedis(this.config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection = connection;
    const prefix = `goodloop${this.config.KAFKA_TOPIC_PREFIX ? `:${this.config.KAFKA_TOPIC_PREFIX}` : ''}`;
    this.queue = new Queue(QUEUE, { connection, prefix });
    this.worker = new Worker(QUEUE, (job: Job) => this.run(job), { connection, prefix, concurrency: 2 });
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`job ${job?.name ?? '?'} ${job?.id ?? ''} failed: ${error.message}`),
    );
    this.worker.on('error', (error) => this.logger.warn(`job worker: ${error.message}`));

    const schedules: [string, number][] = [
      [LedgerJobNames.SweepPending, this.config.PENDING_SWEEP_EVERY_MS],
      [LedgerJobNames.ExpirePoints, this.config.EXPIRY_EVERY_MS],
      [LedgerJobNames.Reconcile, this.config.RECONCILE_EVERY_MS],
    ];
    for (const [name, every] of schedules) {
      await this.queue.upsertJobScheduler(name, { every }, { name, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    }

    this.engine.onPendingCreated((holds) => {
      for (const hold of holds) void this.scheduleVoid(hold.transferId, hold.timeoutAt);
    });
    this.health.register('jobs', async () => ({ ok: (await connection.ping()) === 'PONG' }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    await this.connection?.quit().catch(() => undefined);
  }

  /** Runs a job by name now, outside the queue (admin "run now", tests). */
  runNow(name: string, data: unknown = {}): Promise<unknown> {
    return this.processor.process(name, data);
  }

  private async scheduleVoid(pendingId: string, timeoutAt: string, attempt = 0): Promise<void> {
    const delay = Math.max(0, Date.parse(timeoutAt) - Date.now());
    try {
      await this.queue?.add(
        LedgerJobNames.VoidPending,
        { pendingId, timeoutAt, attempt },
        {
          // One job per hold (and per early retry): adding it again is a no-op.
          jobId: `void-pending-${Buffer.from(pendingId).toString('base64url')}-${attempt}`,
          delay,
          attempts: 5,
          backoff: { type: 'exponential', delay: 1_000 },
          removeOnComplete: 1000,
          removeOnFail: 1000,
        },
      );
    } catch (error) {
      // The sweep voids it if this job never exists.
      this.logger.warn(`could not schedule the timeout of ${pendingId}: ${String(error)}`);
    }
  }

  private async run(job: Job): Promise<unknown> {
    const result = await this.processor.process(job.name, job.data);
    if (job.name === LedgerJobNames.VoidPending) {
      const { retryInMs } = result as { retryInMs?: number };
      const data = job.data as { pendingId: string; timeoutAt: string; attempt?: number };
      if (retryInMs !== undefined) await this.scheduleVoid(data.pendingId, data.timeoutAt, (data.attempt ?? 0) + 1);
    }
    return result;
  }
}
