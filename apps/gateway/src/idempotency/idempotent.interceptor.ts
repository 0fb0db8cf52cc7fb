import {
  applyDecorators,
  HttpStatus,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { IdempotencyService, REPLAYED_HEADER } from './idempotency.service';

/**
 * Makes a gateway route's JSON answer replayable under `Idempotency-Key` (relayed routes get the
 * same through the relay table's `idempotent` flag). The handler runs once per key; a retry gets
 * the first answer back.
 */
@Injectable()
export class IdempotentInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !request.user) return next.handle();
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    const routePath = (request.route as { path?: string } | undefined)?.path ?? request.path;
    const answer = this.idempotency.run(
      { userId: request.user.id, route: `${request.method} ${routePath}` },
      Array.isArray(header) ? header.join(',') : header,
      request.body,
      async () => {
        const value = await lastValueFrom(next.handle(), { defaultValue: undefined });
        return {
          status,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: Buffer.from(JSON.stringify(value ?? null)),
        };
      },
    );
    return from(answer).pipe(
      map((stored) => {
        const response = context.switchToHttp().getResponse<Response>();
        if (stored.headers[REPLAYED_HEADER]) response.setHeader(REPLAYED_HEADER, stored.headers[REPLAYED_HEADER]);
        return JSON.parse(stored.body.toString('utf8')) as unknown;
      }),
    );
  }
}

/** How the header reads in the OpenAPI document. */
export const IDEMPOTENCY_KEY_HEADER_DOC = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Apply this write once, however often it is sent: a retry with the same key and body gets the first answer ' +
    '(Idempotent-Replayed: true); the same key with another body is refused with 422. Keys last 24 hours.',
};

/** `Idempotency-Key` applies to this route. */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(UseInterceptors(IdempotentInterceptor), ApiHeader(IDEMPOTENCY_KEY_HEADER_DOC));
