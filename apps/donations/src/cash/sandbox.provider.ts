import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DonationsConfig } from '../config/env';
import { DonationJobs } from '../jobs/donation-jobs.service';
import {
  signWebhook,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type PaymentInstruction,
  type PaymentProvider,
  type PaymentRequest,
} from './payment-provider';

export interface SandboxConfirmation {
  paymentId: string;
  amountFen: number;
}

/**
 * The sandbox payment provider: every payment succeeds. It confirms a payment by calling the
 * platform's public webhook, signed like a real provider, `SANDBOX_CONFIRM_DELAY_MS` after it
 * is created — from a BullMQ job, so a restart in between still confirms it, and a failed call
 * is retried with backoff. The event id is derived from the payment, so retries are the same
 * event (moved once).
 */
@Injectable()
export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox';
  private readonly logger = new Logger(SandboxPaymentProvider.name);

  constructor(
    private readonly config: DonationsConfig,
    private readonly jobs: DonationJobs,
  ) {}

  async createPayment(request: PaymentRequest): Promise<PaymentInstruction> {
    const paymentId = `sbx_${uuidv7().replaceAll('-', '')}`;
    if (this.config.SANDBOX_AUTO_CONFIRM) {
      await this.jobs.scheduleSandboxConfirmation(
        { paymentId, amountFen: request.amountFen },
        this.config.SANDBOX_CONFIRM_DELAY_MS,
      );
    }
    return { paymentId, payUrl: null, expiresAt: new Date(Date.now() + 30 * 60_000) };
  }

  /** The job: sends the signed confirmation; throws (and is retried) unless the platform took it. */
  async confirm(confirmation: SandboxConfirmation): Promise<void> {
    const body = JSON.stringify({
      eventId: `evt_${confirmation.paymentId}`,
      type: 'payment.succeeded',
      paymentId: confirmation.paymentId,
      amount: confirmation.amountFen,
      currency: 'CNY',
      occurredAt: new Date().toISOString(),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(this.config.SANDBOX_WEBHOOK_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(this.config.PAYMENT_WEBHOOK_SECRET!, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    // 409 (replayed, or settled otherwise) and 404 will not change on a retry.
    if (response.ok || response.status === 409 || response.status === 404) return;
    const text = await response.text().catch(() => '');
    this.logger.warn(`sandbox confirmation of ${confirmation.paymentId}: ${response.status} ${text.slice(0, 200)}`);
    throw new Error(`webhook answered ${response.status}`);
  }
}
