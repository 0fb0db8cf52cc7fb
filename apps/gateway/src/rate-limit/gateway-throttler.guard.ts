import { Injectable, Logger, ServiceUnavailableException, type ExecutionContext } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerRequest } from '@nestjs/throttler';
import type { Response } from 'express';
import { LOGIN_THROTTLERS } from './rate-limit.decorator';

/**
 * The throttler guard with three platform rules: a refused request carries `Retry-After` in
 * seconds (throttler 6 would name the header after the throttler, `Retry-After-login`); when
 * Redis cannot be reached an ordinary request goes through — a rate limit protects the
 * platform, it must not take it down, and the health endpoint reports Redis as down meanwhile;
 * but sign-in fails closed (503): without its counters, password guessing would be unlimited.
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
      const failClosed = LOGIN_THROTTLERS.has(request.throttler.name ?? '');
      if (Date.now() - this.lastFailure > 10_000) {
        this.log.warn(
          `rate limit storage failed (${failClosed ? 'sign-in refused' : 'limit not enforced'}): ${String((error as Error).message ?? error)}`,
        );
      }
      this.lastFailure = Date.now();
      if (failClosed) {
        const response = request.context.switchToHttp().getResponse<Response>();
        response.setHeader('Retry-After', '30');
        throw new ServiceUnavailableException({
          message: 'Sign-in is paused for a moment; try again shortly',
          code: 'SIGN_IN_UNAVAILABLE',
        });
      }
      return true;
    }
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    throw new ThrottlerException('Too many requests; try again later');
  }
}
