import type { INestApplication } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { GatewayTokenVerifier } from '../auth/internal-auth.guard';
import type { UserContext } from '../auth/user-context';
import { CORRELATION_HEADER, requestContext } from '../context/request-context';
import { errorBodyOf, localised, logErrorBody } from '../errors/http-exception.filter';

/** What a fast route answers: the status and the JSON body. */
export interface FastAnswer {
  status: number;
  body: unknown;
}

/**
 * A route a service answers before Express and Nest see the request: for the one request that
 * carries a service's load (the ledger's `POST /internal/transfers`), where the Nest pipeline —
 * routing, middleware, guards, class-transformer, class-validator — costs more CPU than the work.
 *
 * It answers only what it is sure of and hands everything else to the Nest route, which stays
 * the one definition of the route: the request goes to Nest untouched when the gateway token,
 * the user or the content type is not what the fast route takes (Nest refuses it with its usual
 * 401/403/415), and with its parsed body when the body is not one of the plain shapes `takes`
 * recognises (Nest validates it and names the fields that failed). So the fast route never
 * widens what the service accepts, and every refusal keeps the platform's error shape.
 */
export interface FastRoute {
  method: 'POST' | 'PUT' | 'PATCH';
  /** The exact path, without a query string. */
  path: string;
  /** Whether this user may be answered here; false leaves the request to Nest, which refuses it. */
  admits(user: UserContext): boolean;
  /** Whether the body is one the fast route answers: a strict subset of what the Nest route accepts. */
  takes(body: unknown): boolean;
  answer(body: unknown, user: UserContext): Promise<FastAnswer>;
}

/** Express's JSON body limit (body-parser's default): bigger bodies are Nest's to refuse. */
const BODY_LIMIT = 100 * 1024;
const JSON_TYPE = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Puts `routes` in front of the app's Express handler. Call after the app is created and
 * before it listens; requests for every other method and path go to Nest as before.
 */
export function installFastRoutes(
  app: INestApplication,
  gatewayTokens: GatewayTokenVerifier,
  routes: readonly FastRoute[],
): void {
  const server = app.getHttpServer() as Server;
  const listeners = server.listeners('request') as RequestListener[];
  if (listeners.length !== 1) throw new Error(`expected one request listener (Express), found ${listeners.length}`);
  const nest = listeners[0]!;
  const table = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));

  server.removeListener('request', nest);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const route = table.get(`${req.method} ${req.url}`);
    const user = route ? admittedUser(req, route, gatewayTokens) : undefined;
    if (!route || !user) {
      nest(req, res);
      return;
    }
    serve(route, user, req, res, nest).catch((error: unknown) => {
      // A fault of the route itself, never of the request: the usual 500, logged with its stack.
      const body = errorBodyOf(error);
      logErrorBody(error, body);
      if (!res.headersSent) send(res, String(req.headers[CORRELATION_HEADER] ?? ''), { status: body.statusCode, body });
      else res.destroy();
    });
  });
}

/** The caller, when gateway token, user and content type are what a fast route takes; else undefined. */
function admittedUser(req: IncomingMessage, route: FastRoute, gatewayTokens: GatewayTokenVerifier): UserContext | undefined {
  const length = Number(req.headers['content-length']);
  if (!Number.isSafeInteger(length) || length <= 0 || length > BODY_LIMIT) return undefined;
  if (!JSON_TYPE.test(req.headers['content-type'] ?? '') || req.headers['content-encoding'] !== undefined) return undefined;
  // Checked last: the signature costs ~0.05 ms, the cheap refusals above cost nothing.
  const user = gatewayTokens.check(req.headers)?.user;
  return user && route.admits(user) ? user : undefined;
}

async function serve(
  route: FastRoute,
  user: UserContext,
  req: IncomingMessage,
  res: ServerResponse,
  nest: RequestListener,
): Promise<void> {
  const started = performance.now();
  const given = req.headers[CORRELATION_HEADER];
  const correlationId = typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
  req.headers[CORRELATION_HEADER] = correlationId;

  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch (error) {
    // Express answers a body that is not JSON with 400 and the parser's message; so do we.
    const message = error instanceof Error ? error.message : 'The body is not JSON';
    send(res, correlationId, { status: 400, body: { statusCode: 400, error: 'Bad Request', message } });
    logRequest(req, res, started, correlationId);
    return;
  }
  if (!route.takes(body)) {
    // body-parser sees a finished request and keeps this body: Nest validates it as usual.
    (req as IncomingMessage & { body?: unknown }).body = body;
    nest(req, res);
    return;
  }

  const answer = await requestContext.run({ correlationId }, async (): Promise<FastAnswer> => {
    try {
      return await route.answer(body, user);
    } catch (error) {
      const errorBody = localised(errorBodyOf(error), req.headers['accept-language']);
      logErrorBody(error, errorBody);
      return { status: errorBody.statusCode, body: errorBody };
    }
  });
  send(res, correlationId, answer);
  logRequest(req, res, started, correlationId);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () =>
      size > BODY_LIMIT
        ? reject(new Error('The body is larger than its Content-Length'))
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
    // The caller went away before the whole body arrived.
    req.on('close', () => {
      if (!req.complete) reject(new Error('The request was aborted'));
    });
  });
}

function send(res: ServerResponse, correlationId: string, answer: FastAnswer): void {
  const json = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    [CORRELATION_HEADER]: correlationId,
  });
  res.end(json);
}

/** The line pino-http writes for a Nest route, so both doors read the same in the logs. */
function logRequest(req: IncomingMessage, res: ServerResponse, started: number, correlationId: string): void {
  const logger = PinoLogger.root;
  if (!logger?.isLevelEnabled('info')) return;
  logger.info({ req, correlationId, res, responseTime: Math.trunc(performance.now() - started) }, 'request completed');
}
