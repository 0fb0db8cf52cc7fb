import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

const SANE = /^[\x21-\x7e]{1,200}$/;

/** The caller's `Idempotency-Key` header, passed on to the service that applies the write once. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<Request>().headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !SANE.test(value)) {
    throw new BadRequestException({
      message: 'Validation failed',
      details: [{ field: 'Idempotency-Key', errors: ['Idempotency-Key must be 1–200 visible ASCII characters'] }],
    });
  }
  return value;
});
