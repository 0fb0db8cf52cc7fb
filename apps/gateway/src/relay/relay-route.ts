import type { Role } from '@goodloop/contracts';
import type { ShapeClass } from '../openapi/validator-schemas';

export type { ServiceName } from './services';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a relayed route. The gateway checks who the caller is; what they may do with a
 * given object (the organizer of *this* activity) is the service's check.
 * - `public`: anyone; a signed-in caller is still passed on (the answer may say more).
 * - `signed-in`: any signed-in user.
 * - `{ roles }`: a signed-in user holding one of the roles (platform or membership).
 * - `{ selfOrAdmin: 'id' }`: the path parameter names the caller, or the caller is an admin.
 */
export type RouteAccess = 'public' | 'signed-in' | { roles: Role[] } | { selfOrAdmin: string };

/**
 * How a path parameter is checked before it goes into the service's path:
 * - `uuid`: a UUID (400 naming the parameter otherwise, as `UuidParam()`);
 * - `transferId`: a transfer id as the ledger accepts it (letters, digits, `:_.-`, at most 128);
 * - `text`: anything, percent-encoded into the service's path.
 */
export type ParamKind = 'uuid' | 'transferId' | 'text';

/** One public route that the gateway relays to a service's internal HTTP API. */
export interface RelayRoute {
  method: HttpMethod;
  /** Under `/api/v1`, Express style: `activities/:id/signups`. */
  path: string;
  access: RouteAccess;
  /** Every `:name` of `path`, with its check. */
  params?: Record<string, ParamKind>;
  /** The contract class the body must pass; without one the body is not sent on. */
  body?: ShapeClass;
  /** The contract class the query must pass; without one the query is not sent on. */
  query?: ShapeClass;
  /** What a success answers (for the API reference; the answer itself is relayed unchanged). */
  response?: ShapeClass;
  /** The documented success status: 201 for POST, 200 otherwise, unless given. */
  status?: number;
  /** The service's path: `:name` is the checked path parameter, `:me` the caller's id. */
  target: string;
  /** The caller's `Idempotency-Key` applies: a retried write is answered once. */
  idempotent?: boolean;
  /** A limit of its own (rate-limit.decorator.ts); writes count against the write limit anyway. */
  rateLimit?: 'expensive' | 'search';
  /** The media type asked of the service when it is not JSON (the CSV export). */
  accept?: string;
  /**
   * Send the body on as the caller's exact bytes, unparsed (a signed webhook: the signature is
   * over the raw body, which re-serialised JSON would not match). The service validates it.
   */
  rawBody?: boolean;
  /** Request headers passed on to the service as they are (lower case), e.g. a webhook's signature. */
  forwardHeaders?: string[];
  summary: string;
  description?: string;
  tags: string[];
  /** Error statuses beyond those that follow from the route (400 with input, 401, 403 with roles, 429 on writes, 503). */
  errors?: number[];
}

/** The route's name in the idempotency scope and in logs: `POST /activities/:id/signups`. */
export function routeName(route: Pick<RelayRoute, 'method' | 'path'>): string {
  return `${route.method} /${route.path}`;
}
