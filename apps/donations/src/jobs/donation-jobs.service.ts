import { Injectable } from '@nestjs/common';
import { HealthService, ServiceJobQueue } from '@goodloop/common';
import { DonationsConfig } from '../config/env';
import type { SandboxConfirmation } from '../cash/sandbox.provider';

export const DonationJobNames = {
  SandboxConfirm: 'sandbox-confirm',
  /** Expires lapsed pickup codes and charges the monthly gifts that are due. */
  Sweep: 'sweep',
} as const;
export type DonationJobName = (typeof DonationJobNames)[keyof typeof DonationJobNames];

/**
 * The donations service's BullMQ queue: the sandbox provider's delayed confirmations and the
 * sweep schedule. It also gives the service its Redis connection (pickup-code attempts per business).
 */
@Injectable()
export class DonationJobs extends ServiceJobQueue {
  constructor(config: DonationsConfig, health: HealthService) {
    super(config, health, 'donations', 4, () => [{ name: DonationJobNames.Sweep, everyMs: config.SWEEP_EVERY_MS }]);
  }

  override handle(name: DonationJobName, handler: (data: unknown) => Promise<unknown>): void {
    super.handle(name, handler);
  }

  async scheduleSandboxConfirmation(confirmation: SandboxConfirmation, delayMs: number): Promise<void> {
    await this.add(DonationJobNames.SandboxConfirm, confirmation, {
      jobId: `sandbox-confirm-${confirmation.paymentId}`,
      delay: delayMs,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    });
  }
}
