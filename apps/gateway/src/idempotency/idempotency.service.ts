import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdempotencyError, IdempotencyErrorCode } from './idempotency.errors';
import { requestFingerprint } from './request-fingerprint';

/** An answer as it is replayed: status, the headers that matter to the caller, the raw body. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface IdempotencyScope {
  userId: string;
  /** Method and route pattern, e.g. `POST /activities`: a key is scoped to one route. */
  route: string;
}

/** Keys are kept this long, then a request with the same key is a new request (Stripe keeps 24 h). */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/** A first request unanswered for this long is taken to have died with its process. */
export const IDEMPOTENCY_STALE_SECONDS = 60;
const KEY = /^[\x21-\x7e]{1,200}$/;
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * `Idempotency-Key` as Stripe documents it, per user and route:
 *
 * - the first request with a key claims it (one row, inserted atomically), runs, and a 2xx answer
 *   is stored with the hash of the request;
 * - a retry with the same key and the same request gets the stored answer again (status, body,
 *   and `Idempotent-Replayed: true`) without running anything;
 * - the same key with a different request is refused with 422 `IDEMPOTENCY_KEY_REUSED`;
 * - a retry while the first is still running gets 409 `IDEMPOTENCY_KEY_IN_USE`;
 * - an answer that is not 2xx releases the key (nothing was done, or the service refused it:
 *   the caller may fix the cause and retry with the same key); so does a throw.
 *
 * A first request whose process died holds its key for `IDEMPOTENCY_STALE_SECONDS`, after which
 * the same request may claim it again.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyService.name);
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.sweep(), 3_600_000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  async run(
    scope: IdempotencyScope,
    key: string | undefined,
    requestBody: unknown,
    produce: () => Promise<StoredAnswer>,
  ): Promise<StoredAnswer> {
    if (key === undefined) return produce();
    if (!KEY.test(key)) throw IdempotencyError.invalidKey();
    const hash = requestFingerprint(requestBody);
    for (let attempt = 0; ; attempt++) {
      if (await this.claim(scope, key, hash)) break;
      const stored = await this.stored(scope, key, hash);
      if (stored) return stored;
      // Released between our claim and our read: claim again (bounded, it is a narrow race).
      if (attempt >= 2) throw new IdempotencyError(IdempotencyErrorCode.KeyInUse);
    }
    let answer: StoredAnswer;
    try {
      answer = await produce();
    } catch (error) {
      await this.release(scope, key);
      throw error;
    }
    if (answer.status >= 200 && answer.status < 300) await this.complete(scope, key, answer);
    else await this.release(scope, key);
    return answer;
  }

  /** Deletes keys past their retention. */
  async sweep(): Promise<number> {
    try {
      const [, count] = (await this.dataSource.query(
        `DELETE FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1)`,
        [IDEMPOTENCY_RETENTION_HOURS],
      )) as [unknown, number];
      return count;
    } catch (error) {
      this.logger.warn(`idempotency sweep failed: ${String(error)}`);
      return 0;
    }
  }

  /** Inserts the key, or takes over one past retention or left by a dead first request. */
  private async claim(scope: IdempotencyScope, key: string, hash: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO idempotency_records (user_id, route, key, request_hash)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, route, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, created_at = now(),
             completed_at = NULL, status = NULL, headers = NULL, body = NULL
         WHERE idempotency_records.created_at < now() - make_interval(hours => $5)
            OR (idempotency_records.completed_at IS NULL
                AND idempotency_records.request_hash = EXCLUDED.request_hash
                AND idempotency_records.created_at < now() - make_interval(secs => $6))
       RETURNING 1`,
      [scope.userId, scope.route, key, hash, IDEMPOTENCY_RETENTION_HOURS, IDEMPOTENCY_STALE_SECONDS],
    )) as unknown[];
    return rows.length === 1;
  }

  /** The stored answer for a key someone else claimed; null when it is gone meanwhile. */
  private async stored(scope: IdempotencyScope, key: string, hash: string): Promise<StoredAnswer | null> {
    const rows = (await this.dataSource.query(
      `SELECT request_hash, status, headers, body, completed_at
         FROM idempotency_records WHERE user_id = $1 AND route = $2 AND key = $3`,
      [scope.userId, scope.route, key],
    )) as {
      request_hash: string;
      status: number | null;
      headers: Record<string, string> | null;
      body: Buffer | null;
      completed_at: Date | null;
    }[];
    const row = rows[0];
    if (!row) return null;
    if (row.request_hash !== hash) throw new IdempotencyError(IdempotencyErrorCode.KeyReused);
    if (row.completed_at === null || row.status === null) throw new IdempotencyError(IdempotencyErrorCode.KeyInUse);
    return {
      status: row.status,
      headers: { ...(row.headers ?? {}), [REPLAYED_HEADER]: 'true' },
      body: row.body ?? Buffer.alloc(0),
    };
  }

  private async complete(scope: IdempotencyScope, key: string, answer: StoredAnswer): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_records SET status = $4, headers = $5, body = $6, completed_at = now()
        WHERE user_id = $1 AND route = $2 AND key = $3`,
      [scope.userId, scope.route, key, answer.status, JSON.stringify(answer.headers), answer.body],
    );
  }

  private async release(scope: IdempotencyScope, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_records WHERE user_id = $1 AND route = $2 AND key = $3 AND completed_at IS NULL`,
      [scope.userId, scope.route, key],
    );
  }
}
