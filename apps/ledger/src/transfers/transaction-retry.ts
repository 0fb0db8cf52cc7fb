import type { Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';

/** serialization_failure and deadlock_detected: the transaction did nothing and may simply run again. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

export function isRetryableTransactionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/**
 * Runs `work` (one whole transaction, or one savepoint inside the caller's transaction) and
 * runs it again when PostgreSQL aborted it as a serialization failure or a deadlock victim.
 * Waits 10, 20, 40 … ms with jitter between attempts; after the last attempt the error goes up
 * (a consumer then retries the message; HTTP callers never see these codes as a 500 unless
 * the database keeps refusing).
 */
export async function withTransactionRetries<T>(work: () => Promise<T>, logger: Logger, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryableTransactionError(error) || attempt >= attempts) throw error;
      // 10, 20, 40 … ms plus up to as much again at random, so retrying transactions spread out.
      const base = 10 * 2 ** (attempt - 1);
      const delay = base + randomInt(base + 1);
      logger.warn(
        `transaction aborted (${String((error as { code?: string }).code)}), retry ${attempt}/${attempts - 1} in ${delay} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
