import { Injectable } from '@nestjs/common';
import { HealthService, ServiceJobQueue } from '@goodloop/common';
import { MatchingConfig } from '../config/env';

export const MatchingJobNames = {
  /** Carries out one queued run (`{ runId }`). */
  Run: 'run',
  /** The schedule: a run of its own, every MATCHING_SCHEDULE_MINUTES. */
  ScheduledRun: 'scheduled-run',
} as const;
export type MatchingJobName = (typeof MatchingJobNames)[keyof typeof MatchingJobNames];

/**
 * The matching service's BullMQ queue. One worker, one job at a time: two runs never solve
 * side by side over the same needs and offers.
 */
@Injectable()
export class MatchingJobs extends ServiceJobQueue {
  constructor(config: MatchingConfig, health: HealthService) {
    super(config, health, 'matching', 1, () => [
      { name: MatchingJobNames.ScheduledRun, everyMs: config.MATCHING_SCHEDULE_MINUTES * 60_000 },
    ]);
  }

  override handle(name: MatchingJobName, handler: (data: unknown) => Promise<unknown>): void {
    super.handle(name, handler);
  }

  /** Queues run `runId`; its id is the job's, so queuing it twice runs it once. */
  async enqueueRun(runId: string): Promise<void> {
    await this.add(
      MatchingJobNames.Run,
      { runId },
      { jobId: `run-${runId}`, attempts: 3, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: 1000, removeOnFail: 1000 },
    );
  }
}
