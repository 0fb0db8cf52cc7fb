import { Injectable, Logger } from '@nestjs/common';
import {
  CORRELATION_HEADER,
  GATEWAY_TOKEN_HEADER,
  gatewaySigningKey,
  requestContext,
  signGatewayToken,
  type UserContext,
} from '@goodloop/common';
import type { KeyObject } from 'node:crypto';
import type { Response } from 'express';
import { GatewayConfig } from '../config/env';
import { ServiceError } from './service.errors';

import type { ServiceName } from './relay-route';
import { RELAYED_SERVICES, SERVICE_NAMES } from './services';

export type { ServiceName };

export type QueryValues = Record<string, string | number | boolean | undefined | null>;

export interface ServiceRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Starts with `/internal/`. Path parameters must already be encoded. */
  path: string;
  user?: UserContext;
  query?: object;
  body?: unknown;
  idempotencyKey?: string;
  /** The media type asked for; JSON unless the route answers something else (`text/csv`). */
  accept?: string;
  /** The caller's `Accept-Language`, so that a refusal reads in their language. */
  acceptLanguage?: string;
  /** Further headers passed on as they are (a webhook's signature). */
  headers?: Record<string, string>;
}

/** A service's answer as the gateway relays it: status, the headers worth passing on, the raw body. */
export interface ServiceAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ServiceHealth {
  status: 'ok' | 'degraded' | 'down';
}

/** Headers of a service answer that mean something to the public caller. */
const RELAYED_HEADERS = ['content-type', 'content-disposition', 'retry-after', 'location'];
const HEALTH_TIMEOUT_MS = 3_000;

/**
 * Calls a service's internal HTTP API on behalf of the signed-in user. Every call carries a
 * call token signed with the gateway's key for that one service, valid 60 s, holding the user
 * the gateway verified (ids, kinds and roles: see `signGatewayToken`), and the correlation id
 * of the public request. 2xx and 4xx answers are relayed as they are;
 * a 5xx, a timeout or a refused connection becomes 503 SERVICE_UNAVAILABLE naming the
 * service, so a caller never sees a raw 500 or a hung request.
 */
@Injectable()
export class ServiceClient {
  private readonly logger = new Logger(ServiceClient.name);
  private readonly baseUrls: Record<ServiceName, string>;
  private readonly signingKey: KeyObject;

  constructor(private readonly config: GatewayConfig) {
    this.signingKey = gatewaySigningKey(config.GATEWAY_SIGNING_KEY ?? '');
    this.baseUrls = Object.fromEntries(
      SERVICE_NAMES.map((name) => [name, RELAYED_SERVICES[name].url(config).replace(/\/+$/, '')]),
    ) as Record<ServiceName, string>;
  }

  async call(service: ServiceName, request: ServiceRequest): Promise<ServiceAnswer> {
    const url = `${this.baseUrls[service]}${request.path}${queryString(request.query)}`;
    const headers: Record<string, string> = {
      accept: request.accept ?? 'application/json',
      [GATEWAY_TOKEN_HEADER]: signGatewayToken(this.signingKey, service, request.user),
      [CORRELATION_HEADER]: requestContext.correlationId(),
    };
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
    if (request.acceptLanguage) headers['accept-language'] = request.acceptLanguage;
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name] = value;
    if (request.body !== undefined) headers['content-type'] = 'application/json';

    let response: globalThis.Response;
    let body: Buffer;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.config.SERVICE_TIMEOUT_MS),
        redirect: 'manual',
      });
      body = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      const why = timedOut ? `no answer within ${this.config.SERVICE_TIMEOUT_MS / 1000} s` : 'unreachable';
      this.logger.warn(`${service} ${request.method} ${request.path}: ${why} (${describe(error)})`);
      throw ServiceError.unavailable(service, why);
    }

    if (response.status >= 500) {
      this.logger.warn(
        `${service} ${request.method} ${request.path}: answered ${response.status} ${body.toString('utf8').slice(0, 500)}`,
      );
      throw ServiceError.unavailable(service, `answered ${response.status}`);
    }
    if (response.status === 401) {
      // Services answer 401 only when the gateway token is missing, expired or not verifiable
      // with their GATEWAY_VERIFY_KEY — the gateway's fault, never the caller's. Relaying it would make clients drop
      // a perfectly good session.
      this.logger.error(
        `${service} ${request.method} ${request.path}: refused the gateway (401); check GATEWAY_SIGNING_KEY / GATEWAY_VERIFY_KEY`,
      );
      throw ServiceError.unavailable(service, 'refused the gateway');
    }

    const relayed: Record<string, string> = {};
    for (const name of RELAYED_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) relayed[name] = value;
    }
    return { status: response.status, headers: relayed, body };
  }

  /** A service's own health report, reduced to ok / degraded / down. Never throws. */
  async health(service: ServiceName): Promise<ServiceHealth> {
    try {
      const response = await fetch(`${this.baseUrls[service]}/internal/health`, {
        headers: { accept: 'application/json', [CORRELATION_HEADER]: requestContext.correlationId() },
        signal: AbortSignal.timeout(Math.min(HEALTH_TIMEOUT_MS, this.config.SERVICE_TIMEOUT_MS)),
      });
      const report = (await response.json().catch(() => undefined)) as { status?: string } | undefined;
      if (response.ok && report?.status === 'ok') return { status: 'ok' };
      return { status: report?.status === 'degraded' ? 'degraded' : 'down' };
    } catch {
      return { status: 'down' };
    }
  }
}

/**
 * Writes a service's answer to the public response unchanged: status, the relayed headers and
 * the raw bytes. The body is never parsed, so JSON and anything else (a CSV export with its
 * `content-type: text/csv` and `content-disposition`) pass through alike.
 */
export function relay(res: Response, answer: ServiceAnswer): void {
  res.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  if (answer.status === 204 || answer.body.length === 0) {
    res.end();
    return;
  }
  res.send(answer.body);
}

function queryString(query: object | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query as QueryValues)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
