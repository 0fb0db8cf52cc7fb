import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CORRELATION_HEADER, requestContext } from './request-context';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Opens the request context before anything else runs: the correlation id is the caller's
 * `X-Request-Id` when it looks sane, a fresh UUID otherwise. It is written back on the request
 * (so the HTTP logger uses the same id) and on the response.
 */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
  req.headers[CORRELATION_HEADER] = id;
  res.setHeader(CORRELATION_HEADER, id);
  requestContext.run({ correlationId: id }, () => next());
}
