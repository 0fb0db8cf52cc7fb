import { Module, type ExecutionContext } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { normalizeEmail } from '@goodloop/contracts';
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { GatewayConfig } from '../config/env';
import { REDIS } from '../redis/redis.module';
import { GatewayThrottlerGuard } from './gateway-throttler.guard';
import { RATE_LIMIT_BUCKET, type RateLimitBucket } from './rate-limit.decorator';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const MINUTE_MS = 60_000;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bucketOf(context: ExecutionContext): RateLimitBucket | undefined {
  return Reflect.getMetadata(RATE_LIMIT_BUCKET, context.getHandler()) as RateLimitBucket | undefined;
}

function clientIp(req: AuthenticatedRequest): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** The signed-in user, or the client address when anonymous. */
function callerOf(request: AuthenticatedRequest): string {
  return request.user ? `user:${request.user.id}` : `ip:${clientIp(request)}`;
}

/** The raw body's email, as the DTO will normalise it (guards run before pipes). */
function bodyEmail(req: AuthenticatedRequest): string {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? normalizeEmail(email) : '';
}

/**
 * Limits, each per minute:
 * - `login`: per client IP and email (guessing one account's password from one place);
 * - `login-ip`: per client IP across emails (trying one common password on many accounts);
 * - `login-account`: per email across IPs (guessing one account's password from many places;
 *   a flood can keep its owner out for a minute at most, which is the price of stopping it);
 * - `register`: per client IP (account farming);
 * - `expensive`: reads that scan much, per signed-in user (per IP when anonymous);
 * - `search`: a list asked with `q`, per signed-in user (per IP when anonymous);
 * - `writes`: every other POST/PUT/PATCH/DELETE, per signed-in user (per IP when anonymous).
 * Counters live in Redis, shared by every gateway instance.
 */
export function throttlerOptions(config: GatewayConfig, redis: Redis): ThrottlerModuleOptions {
  return {
    storage: new RedisThrottlerStorage(redis, `${config.KAFKA_TOPIC_PREFIX}goodloop:throttle:`),
    setHeaders: false,
    errorMessage: 'Too many requests; try again later',
    // One counter per tracker across all routes of a throttler (not per route as by default).
    generateKey: (_context, tracker) => createHash('sha256').update(tracker).digest('hex'),
    throttlers: [
      {
        name: 'login',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_LOGIN_PER_MINUTE,
        skipIf: (context) => bucketOf(context) !== 'login',
        getTracker: (req) => `${clientIp(req as AuthenticatedRequest)}|${bodyEmail(req as AuthenticatedRequest)}`,
      },
      {
        name: 'login-ip',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE,
        skipIf: (context) => bucketOf(context) !== 'login',
        getTracker: (req) => clientIp(req as AuthenticatedRequest),
      },
      {
        name: 'login-account',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_MINUTE,
        skipIf: (context) => bucketOf(context) !== 'login',
        getTracker: (req) => bodyEmail(req as AuthenticatedRequest),
      },
      {
        name: 'register',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_REGISTER_PER_MINUTE,
        skipIf: (context) => bucketOf(context) !== 'register',
        getTracker: (req) => clientIp(req as AuthenticatedRequest),
      },
      {
        name: 'expensive',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_EXPENSIVE_READS_PER_MINUTE,
        skipIf: (context) => bucketOf(context) !== 'expensive',
        getTracker: (req) => callerOf(req as AuthenticatedRequest),
      },
      {
        name: 'search',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_SEARCH_PER_MINUTE,
        skipIf: (context) => {
          const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
          return bucketOf(context) !== 'search' || !request.query?.q;
        },
        getTracker: (req) => callerOf(req as AuthenticatedRequest),
      },
      {
        name: 'writes',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_WRITES_PER_MINUTE,
        skipIf: (context) =>
          READS.has(context.switchToHttp().getRequest<AuthenticatedRequest>().method) || bucketOf(context) !== undefined,
        getTracker: (req) => callerOf(req as AuthenticatedRequest),
      },
    ],
  };
}

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [GatewayConfig, REDIS],
      useFactory: throttlerOptions,
    }),
  ],
  providers: [GatewayThrottlerGuard],
  exports: [GatewayThrottlerGuard],
})
export class RateLimitModule {}
