import { SetMetadata } from '@nestjs/common';

/**
 * Routes with a limit of their own; every other write counts against the per-user write limit.
 * `expensive`: reads that scan much (trial balance, chain verification, reconciliation, the
 * statement export); `search`: a list asked with words to look for.
 */
export type RateLimitBucket = 'login' | 'register' | 'expensive' | 'search';

export const RATE_LIMIT_BUCKET = 'goodloop:rateLimitBucket';

export const RateLimit = (bucket: RateLimitBucket): MethodDecorator => SetMetadata(RATE_LIMIT_BUCKET, bucket);

/** The throttlers that guard sign-in: without their counters, sign-in waits rather than runs unlimited. */
export const LOGIN_THROTTLERS: ReadonlySet<string> = new Set(['login', 'login-ip', 'login-account']);
