import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { errorMessageFor, preferredMessageLanguage } from '@goodloop/contracts';
import type { Request, Response } from 'express';
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
 * and never leaks internals. A caller whose `Accept-Language` prefers Chinese reads the message of
 * a known code in Chinese (libs/contracts' error catalogue); the code and details stay as they are.
 */
@Catch()
export class ErrorShapeFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const body = localised(errorBodyOf(exception), http.getRequest<Request>().headers['accept-language']);
    logErrorBody(exception, body);
    if (body.statusCode === 429 && !response.getHeader('retry-after')) response.setHeader('Retry-After', '60');
    response.status(body.statusCode).json(body);
  }
}

/**
 * The body with its message in the caller's language where that is Chinese and the code is known.
 * English callers keep the service's own message, which may say more (which field, how much).
 */
export function localised(body: ErrorBody, acceptLanguage: string | undefined): ErrorBody {
  if (preferredMessageLanguage(acceptLanguage) !== 'zh-CN') return body;
  const message = errorMessageFor(body.code, 'zh-CN');
  return message === undefined ? body : { ...body, message };
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
  const bodyError = bodyParserError(exception);
  if (bodyError) return bodyError;
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'Internal server error' };
}

/** What body-parser says of a body it would not read (Express's http-errors, not Nest's exceptions). */
const BODY_ERRORS: Record<string, string> = {
  'entity.too.large': 'The request body is too large (at most 100 kB)',
  'entity.parse.failed': 'The request body is not valid JSON',
  'encoding.unsupported': 'The request body has an unsupported content encoding',
  'charset.unsupported': 'The request body has an unsupported charset',
  'request.aborted': 'The request was aborted before its body arrived',
  'request.size.invalid': 'The request body is shorter or longer than its Content-Length',
};

/**
 * A body too large, not JSON, in an unknown encoding: body-parser throws these before any route
 * runs, as errors carrying their 4xx status. Without this they would be 500s.
 */
function bodyParserError(exception: unknown): ErrorBody | null {
  if (typeof exception !== 'object' || exception === null) return null;
  const { type, status } = exception as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || !(type in BODY_ERRORS) || typeof status !== 'number' || status < 400 || status > 499) {
    return null;
  }
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: BODY_ERRORS[type]!, code: 'INVALID_BODY' };
}
