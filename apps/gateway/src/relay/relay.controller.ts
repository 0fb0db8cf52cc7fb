import {
  BadRequestException,
  Controller,
  Inject,
  Req,
  RequestMapping,
  RequestMethod,
  Res,
  type ArgumentMetadata,
  type Type,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { createValidationPipe, isAdmin, Public, SignedIn, UuidParam, type UserContext } from '@goodloop/common';
import type { Response } from 'express';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { AuthError, AuthErrorCode } from '../auth/auth.errors';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../idempotency/idempotent.interceptor';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { ApiErrorResponses } from '../openapi/api-error';
import { ApiQueryOf } from '../openapi/api-shapes';
import { routeName, type ParamKind, type RelayRoute, type ServiceName } from './relay-route';
import { relay, ServiceClient, type ServiceRequest } from './service.client';

/**
 * A transfer id as the ledger accepts it: a letter or digit, then letters, digits and `:_.-`,
 * at most 128 in all. The leading letter or digit keeps `.` and `..` out of the path the
 * gateway builds (`/internal/transfers/../x` would otherwise name another route).
 */
export const TRANSFER_ID_PARAM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:_.-]{0,127}$/;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const pipe = createValidationPipe();

function refused(field: string, error: string): BadRequestException {
  return new BadRequestException({ message: 'Validation failed', details: [{ field, errors: [error] }] });
}

/** A path parameter, checked as its kind says; answers 400 in the public shape naming it. */
export async function checkParam(name: string, kind: ParamKind, value: string): Promise<string> {
  switch (kind) {
    case 'uuid':
      return UuidParam(name).transform(value, { type: 'param', data: name });
    case 'transferId':
      if (TRANSFER_ID_PARAM_PATTERN.test(value)) return value;
      throw refused(name, `${name} must be a transfer id (letters, digits and :_-., at most 128)`);
    case 'text':
      return value;
  }
}

/** The caller's `Idempotency-Key` header: 1–200 visible ASCII characters, or none. */
export function idempotencyKeyOf(request: AuthenticatedRequest): string | undefined {
  const value = request.headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) {
    throw refused('Idempotency-Key', 'Idempotency-Key must be 1–200 visible ASCII characters');
  }
  return value;
}

/** The service's path: `:me` is the caller, `:name` a checked parameter, percent-encoded. */
export function targetPath(route: RelayRoute, params: Record<string, string>, user: UserContext | undefined): string {
  return route.target.replace(/:([A-Za-z]\w*)/g, (_, name: string) => {
    if (name === 'me') {
      if (!user) throw new AuthError(AuthErrorCode.Unauthenticated);
      return encodeURIComponent(user.id);
    }
    const value = params[name];
    if (value === undefined) throw new Error(`${routeName(route)}: target names :${name}, which the route does not check`);
    return encodeURIComponent(value);
  });
}

async function validated(kind: ArgumentMetadata['type'], metatype: RelayRoute['body'], value: unknown): Promise<object> {
  return (await pipe.transform(value ?? {}, { type: kind, metatype: metatype as Type<unknown> })) as object;
}

/**
 * The service request for one public request: parameters, query and body checked (in that
 * order, as Nest's pipes would), the caller's access to the named user checked, the target built.
 */
export async function serviceRequestFor(route: RelayRoute, request: AuthenticatedRequest): Promise<ServiceRequest> {
  const user = request.user;
  const params: Record<string, string> = {};
  for (const [name, kind] of Object.entries(route.params ?? {})) {
    params[name] = await checkParam(name, kind, String(request.params[name] ?? ''));
  }
  const query = route.query ? await validated('query', route.query, request.query) : undefined;
  const body = route.rawBody ? rawBodyOf(request) : route.body ? await validated('body', route.body, request.body) : undefined;
  const idempotencyKey = route.idempotent ? idempotencyKeyOf(request) : undefined;
  if (typeof route.access === 'object' && 'selfOrAdmin' in route.access) {
    if (!user) throw new AuthError(AuthErrorCode.Unauthenticated);
    if (params[route.access.selfOrAdmin] !== user.id && !isAdmin(user)) {
      throw new AuthError(AuthErrorCode.Forbidden, 'Only that user and admins see a wallet');
    }
  }
  return {
    method: route.method,
    path: targetPath(route, params, user),
    ...(user ? { user } : {}),
    ...(query ? { query } : {}),
    ...(body ? { body } : {}),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(route.accept ? { accept: route.accept } : {}),
    ...(route.forwardHeaders ? { headers: forwardedHeaders(route.forwardHeaders, request) } : {}),
    ...acceptLanguageOf(request),
  };
}

/** The caller's body as sent (kept by the JSON parser, `rawBody: true` in app.ts); empty when none. */
function rawBodyOf(request: AuthenticatedRequest): Buffer {
  const raw = (request as AuthenticatedRequest & { rawBody?: Buffer }).rawBody;
  return Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
}

/** The named headers of the caller's request that are present and plain (one value, at most 500 characters). */
function forwardedHeaders(names: string[], request: AuthenticatedRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = request.headers[name];
    if (typeof value === 'string' && value.length <= 500) headers[name] = value;
  }
  return headers;
}

/** The caller's language preference, passed on when it is a plausible header (short, plain text). */
function acceptLanguageOf(request: AuthenticatedRequest): { acceptLanguage?: string } {
  const value = request.headers['accept-language'];
  return typeof value === 'string' && value.length <= 200 && /^[\w\-,;=.* ]+$/.test(value) ? { acceptLanguage: value } : {};
}

/** Relays one request: builds the service request, applies the idempotency key, writes the answer. */
export async function relayRequest(
  client: ServiceClient,
  idempotency: IdempotencyService,
  service: ServiceName,
  route: RelayRoute,
  request: AuthenticatedRequest,
  response: Response,
): Promise<void> {
  const call = await serviceRequestFor(route, request);
  const produce = () => client.call(service, call);
  const answer =
    route.idempotent && call.user
      ? await idempotency.run({ userId: call.user.id, route: routeName(route) }, call.idempotencyKey, call.body, produce)
      : await produce();
  relay(response, answer);
}

// ---------------------------------------------------------------- mounting

const METHODS: Record<RelayRoute['method'], RequestMethod> = {
  GET: RequestMethod.GET,
  POST: RequestMethod.POST,
  PUT: RequestMethod.PUT,
  PATCH: RequestMethod.PATCH,
  DELETE: RequestMethod.DELETE,
};

const PARAM_SCHEMAS: Record<ParamKind, object> = {
  uuid: { type: 'string', format: 'uuid' },
  transferId: { type: 'string', pattern: TRANSFER_ID_PARAM_PATTERN.source, maxLength: 128 },
  text: { type: 'string' },
};

function accessDecorators(route: RelayRoute): MethodDecorator[] {
  if (route.access === 'public') return [Public()];
  if (route.access === 'signed-in') return [SignedIn()];
  if ('roles' in route.access) return [SignedIn(), Roles(...route.access.roles)];
  return [SignedIn()];
}

/** The error statuses a route can answer: those its shape implies, and its own. */
export function errorStatuses(route: RelayRoute): number[] {
  const statuses = new Set<number>([...(route.errors ?? []), 503]);
  const checksInput = route.body || route.query || Object.values(route.params ?? {}).some((kind) => kind !== 'text');
  if (checksInput) statuses.add(400);
  if (route.access !== 'public') statuses.add(401);
  if (typeof route.access === 'object') statuses.add(403);
  if (route.method !== 'GET') statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

function openApiDecorators(route: RelayRoute): MethodDecorator[] {
  const status = route.status ?? (route.method === 'POST' ? 201 : 200);
  const decorators: MethodDecorator[] = [
    ApiTags(...route.tags),
    ApiBearerAuth(),
    ApiOperation({ summary: route.summary, ...(route.description ? { description: route.description } : {}) }),
    ...Object.entries(route.params ?? {}).map(([name, kind]) => ApiParam({ name, required: true, schema: PARAM_SCHEMAS[kind] })),
    ...(route.query ? [ApiQueryOf(route.query)] : []),
    ApiErrorResponses(...errorStatuses(route)),
  ];
  if (route.body) decorators.push(ApiBody({ type: route.body as Type<unknown> }));
  if (route.idempotent) {
    decorators.push(ApiHeader(IDEMPOTENCY_KEY_HEADER_DOC));
  }
  if (route.accept && !route.accept.startsWith('application/json')) {
    const mediaType = route.accept.split(',')[0]!.trim();
    decorators.push(
      ApiProduces(mediaType),
      ApiResponse({ status, description: `${mediaType}, one line per statement entry`, schema: { type: 'string' } }),
    );
  } else if (route.response) {
    decorators.push(ApiResponse({ status, type: route.response as Type<unknown> }));
  } else {
    decorators.push(ApiResponse({ status }));
  }
  return decorators;
}

function handlerName(route: RelayRoute, index: number): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return `${route.method.toLowerCase()}${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}_${index}`;
}

/**
 * A Nest controller with one handler per route of `routes`, so each relayed route goes through
 * the gateway's guards (JWT, rate limits, roles), its error filter and its OpenAPI document
 * like any hand-written route.
 */
export function relayController(service: ServiceName, routes: readonly RelayRoute[]): Type<unknown> {
  @Controller()
  class RelayController {
    constructor(
      @Inject(ServiceClient) readonly client: ServiceClient,
      @Inject(IdempotencyService) readonly idempotency: IdempotencyService,
    ) {}
  }
  const prototype = RelayController.prototype as unknown as Record<string, unknown>;
  routes.forEach((route, index) => {
    const name = handlerName(route, index);
    prototype[name] = async function (this: RelayController, request: AuthenticatedRequest, response: Response) {
      await relayRequest(this.client, this.idempotency, service, route, request, response);
    };
    Req()(prototype, name, 0);
    Res()(prototype, name, 1);
    Reflect.defineMetadata('design:paramtypes', [Object, Object], prototype, name);
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
    const decorators = [
      RequestMapping({ path: route.path, method: METHODS[route.method] }),
      ...accessDecorators(route),
      ...(route.rateLimit ? [RateLimit(route.rateLimit)] : []),
      ...openApiDecorators(route),
    ];
    for (const decorate of decorators) decorate(prototype, name, descriptor);
  });
  Object.defineProperty(RelayController, 'name', { value: `${service[0]!.toUpperCase()}${service.slice(1)}RelayController` });
  return RelayController;
}
