import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import IORedis from 'ioredis';
import type { ServiceConfig } from '../config/service-config';
import type { HealthService } from '../health/health.service';

type Handler = (data: unknown) => Promise<unknown>;

/** A job that repeats: its name, how often, and its options. */
export interface RepeatingJob {
  name: string;
  /** Milliseconds between runs; 0 or less removes the schedule. */
  everyMs: number;
  opts?: JobsOptions;
}

/**
 * A service's BullMQ queue, named after the service. Features register what a job name does
 * (`handle`; several handlers of one name run one after another), so the queue needs none of
 * them; `repeating` lists the schedules it keeps. Keys are prefixed like the topics
 * (`goodloop[:<KAFKA_TOPIC_PREFIX>]`), so test runs never share jobs. It also lends the service
 * its Redis connection (`redis`, `keyPrefix`) for counters of its own.
 *
 * A subclass is the service's injectable: it passes its config and health, the queue's name,
 * the worker's concurrency and the schedules.
 */
export abstract class ServiceJobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private readonly handlers = new Map<string, Handler[]>();
  readonly redis: IORedis;
  readonly keyPrefix: string;
  protected queue?: Queue;
  private worker?: Worker;
  private workerConnection?: IORedis;

  protected constructor(
    config: Pick<ServiceConfig, 'REDIS_URL' | 'KAFKA_TOPIC_PREFIX'>,
    private readonly health: HealthService,
    private readonly queueName: string,
    private readonly concurrency: number,
    private readonly repeating: () => RepeatingJob[],
  ) {
    this.logger = new Logger(`${queueName} jobs`);
    this.redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
    this.keyPrefix = `goodloop${config.KAFKA_TOPIC_PREFIX ? `:${config.KAFKA_TOPIC_PREFIX}` : ''}`;
  }

  /** Adds what job `name` does; a name with several handlers runs them one after another. */
  handle(name: string, handler: Handler): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.redis.connect();
    this.queue = new Queue(this.queueName, { connection: this.redis, prefix: this.keyPrefix });
    // A blocking worker needs a connection of its own; it is closed here, not by BullMQ.
    this.workerConnection = this.redis.duplicate();
    this.worker = new Worker(this.queueName, (job: Job) => this.run(job.name, job.data), {
      connection: this.workerConnection,
      prefix: this.keyPrefix,
      concurrency: this.concurrency,
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`job ${job?.name ?? '?'} ${job?.id ?? ''} failed: ${error.message}`));
    this.worker.on('error', (error) => this.logger.warn(`job worker: ${error.message}`));
    for (const job of this.repeating()) {
      if (job.everyMs > 0) {
        await this.queue.upsertJobScheduler(
          job.name,
          { every: job.everyMs },
          { name: job.name, opts: { removeOnComplete: 100, removeOnFail: 100, ...job.opts } },
        );
      } else {
        await this.queue.removeJobScheduler(job.name);
      }
    }
    this.health.register('jobs', async () => ({ ok: (await this.redis.ping()) === 'PONG' }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    await this.workerConnection?.quit().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
  }

  /** Runs a job's work now, outside the queue (the worker, tests, a schedule's own handler). */
  async run(name: string, data: unknown = {}): Promise<unknown> {
    const handlers = this.handlers.get(name);
    if (!handlers) throw new Error(`no handler for ${this.queueName} job ${name}`);
    const results: unknown[] = [];
    for (const handler of handlers) results.push(await handler(data));
    return results.length === 1 ? results[0] : results;
  }

  /** Adds a job to the queue; a `jobId` makes adding it twice run it once. */
  protected async add(name: string, data: unknown, opts: JobsOptions): Promise<void> {
    if (!this.queue) throw new Error(`the ${this.queueName} queue is not started`);
    await this.queue.add(name, data, opts);
  }
}
