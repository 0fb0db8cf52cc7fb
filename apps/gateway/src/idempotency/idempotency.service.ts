import { Injectable } from '@nestjs/common';

/** A relayed answer as it is stored and replayed: status, the headers worth passing on, the raw body. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Applies a write once per `Idempotency-Key`: the first answer for a key is kept and a retry
 * gets it again. For now a passthrough: every call produces a fresh answer (the service
 * behind still applies the write once per key, which the relay passes on).
 */
@Injectable()
export class IdempotencyService {
  run(
    _scope: { userId: string; route: string },
    _key: string | undefined,
    _requestBody: unknown,
    produce: () => Promise<StoredAnswer>,
  ): Promise<StoredAnswer> {
    return produce();
  }
}
