import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainError, type FieldError } from './domain-error';

/** The public error shape. `details` lists the fields that failed validation. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: FieldError[] | unknown;
}

/**
 * Turns anything thrown in a request into the public error shape. Domain errors keep their code;
 * Nest's HttpExceptions keep their status; a body that is already in the shape (an answer relayed
 * from an internal service) passes through; anything else is a 500 that is logged with its stack
 * and never leaks internals.
 */
@Catch()
export class ErrorShapeFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = errorBodyOf(exception);
    logErrorBody(exception, body);
    if (body.statusCode === 429 && !response.getHeader('retry-after')) response.setHeader('Retry-After', '60');
    response.status(body.statusCode).json(body);
  }
}

const errorLogger = new Logger('Errors');

/** Logs a 5xx: a known one (a service unavailable) in one line, only the unexpected with its stack. */
export function logErrorBody(exception: unknown, body: ErrorBody): void {
  if (body.statusCode < 500) return;
  const known = exception instanceof DomainError || exception instanceof HttpException;
  errorLogger.error(
    known
      ? `${body.statusCode} ${body.message}`
      : exception instanceof Error
        ? (exception.stack ?? exception.message)
        : String(exception),
  );
}

/** The public error shape of anything thrown while answering a request. */
export function errorBodyOf(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    return {
      statusCode: exception.status,
      error: STATUS_CODES[exception.status] ?? 'Error',
      message: exception.message,
      code: exception.code,
      ...(exception.details !== undefined ? { details: exception.details } : {}),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse();
    const base: ErrorBody = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: exception.message };
    if (typeof res === 'string') return { ...base, message: res };
    const r = res as Record<string, unknown>;
    const message = Array.isArray(r.message) ? r.message.join('; ') : typeof r.message === 'string' ? r.message : base.message;
    return {
      ...base,
      message,
      ...(typeof r.code === 'string' ? { code: r.code } : {}),
      ...(r.details !== undefined ? { details: r.details } : {}),
    };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'Internal server error' };
}
