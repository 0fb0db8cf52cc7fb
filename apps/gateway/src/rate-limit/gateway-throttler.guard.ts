import { Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerRequest } from '@nestjs/throttler';
import type { Response } from 'express';

/**
 * The throttler guard with two platform rules: a refused request carries `Retry-After` in
 * seconds (throttler 6 would name the header after the throttler, `Retry-After-login`), and
 * when Redis cannot be reached the request goes through — a rate limit protects the platform,
 * it must not take it down; the health endpoint reports Redis as down meanwhile.
 */
@Injectable()
export class GatewayThrottlerGuard extends ThrottlerGuard {
  private readonly log = new Logger('RateLimit');
  private lastFailure = 0;

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (error instanceof ThrottlerException) throw error;
      if (Date.now() - this.lastFailure > 10_000) {
        this.log.warn(`rate limit not enforced, storage failed: ${String((error as Error).message ?? error)}`);
      }
      this.lastFailure = Date.now();
      return true;
    }
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    throw new ThrottlerException('Too many requests; try again later');
  }
}
