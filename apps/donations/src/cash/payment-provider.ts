import { createHmac, timingSafeEqual } from 'node:crypto';

/** What the donor's app needs to pay, as a provider answers it. */
export interface PaymentInstruction {
  paymentId: string;
  payUrl: string | null;
  expiresAt: Date;
}

export interface PaymentRequest {
  donationId: string;
  amountFen: number;
  description: string;
}

/**
 * A payment provider: creates a payment for a donation; confirms it later by calling the
 * platform's signed webhook (`POST /payments/webhook`). The sandbox does both itself; WeChat
 * Pay, Alipay or UnionPay plug in behind this interface, each with its own webhook adapter
 * that turns the provider's notification into a `PaymentWebhookDto`.
 */
export interface PaymentProvider {
  readonly name: string;
  createPayment(request: PaymentRequest): Promise<PaymentInstruction>;
}

export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');

export const SIGNATURE_HEADER = 'x-goodloop-signature';
export const TIMESTAMP_HEADER = 'x-goodloop-timestamp';

/**
 * The webhook signature: `v1=` and the hex HMAC-SHA256, under the shared secret, of the
 * timestamp (Unix seconds), a dot, and the raw body — e.g. for timestamp 1796169600 and body
 * `{"eventId":"evt_1",…}` the signed text is `1796169600.{"eventId":"evt_1",…}`. Binding the
 * timestamp makes an old signature useless once the tolerance has passed.
 */
export function signWebhook(secret: string, timestamp: number, rawBody: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `v1=${mac}`;
}

/** Whether `signature` is the one for this timestamp and body, compared in constant time. */
export function signatureMatches(secret: string, timestamp: number, rawBody: Buffer, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
