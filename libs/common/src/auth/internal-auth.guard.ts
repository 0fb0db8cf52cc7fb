import {
  createParamDecorator,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { GATEWAY_TOKEN_HEADER, gatewayVerifyKey, verifyGatewayToken, type VerifiedCall } from './gateway-token';
import type { UserContext } from './user-context';

const SKIP_INTERNAL_AUTH = Symbol('SKIP_INTERNAL_AUTH');
/** Where the guard leaves the verified call on the request, for `@CurrentUser()` and the access guard. */
const VERIFIED_CALL = Symbol('goodloop:verified-call');

/** Routes anyone on the internal network may call (health). */
export const SkipInternalAuth = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_INTERNAL_AUTH, true);

/**
 * Checks the gateway's call tokens for one service: signed by the gateway's key, meant for this
 * service (`audience`), not expired. Anything else — no token, the old shared-token and base64
 * user headers, a token for another service, a forged or expired one — is not a call.
 */
export class GatewayTokenVerifier {
  private readonly key: KeyObject;

  constructor(
    verifyKey: string | KeyObject,
    readonly audience: string,
  ) {
    this.key = typeof verifyKey === 'string' ? gatewayVerifyKey(verifyKey) : verifyKey;
  }

  check(headers: IncomingHttpHeaders): VerifiedCall | undefined {
    const token = headers[GATEWAY_TOKEN_HEADER];
    return typeof token === 'string' ? verifyGatewayToken(this.key, this.audience, token) : undefined;
  }
}

/**
 * Guards a service's internal HTTP API: only calls carrying a gateway token for this service get
 * in (401 otherwise). Services never face the outside; this is the second lock on that door, and
 * the reason one compromised service cannot act as a user towards another.
 */
@Injectable()
export class InternalAuthGuard implements CanActivate {
  constructor(
    private readonly verifier: GatewayTokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const skip = this.reflector.getAllAndOverride<boolean>(SKIP_INTERNAL_AUTH, [context.getHandler(), context.getClass()]);
    if (skip) return true;
    const request = context.switchToHttp().getRequest<Request & { [VERIFIED_CALL]?: VerifiedCall }>();
    const call = this.verifier.check(request.headers);
    if (!call) throw new UnauthorizedException('Internal API: missing, invalid or expired gateway token');
    request[VERIFIED_CALL] = call;
    return true;
  }
}

/** The user of a call the guard verified; undefined on an anonymous call or an unguarded route. */
export function verifiedUserOf(request: Request): UserContext | undefined {
  return (request as Request & { [VERIFIED_CALL]?: VerifiedCall })[VERIFIED_CALL]?.user;
}

function readUser(context: ExecutionContext): UserContext | undefined {
  return verifiedUserOf(context.switchToHttp().getRequest<Request>());
}

/** The calling user; 401 when the gateway sent none. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): UserContext => {
  const user = readUser(context);
  if (!user) throw new UnauthorizedException('Sign in first');
  return user;
});

/** The calling user when there is one (public routes that answer more to a signed-in user). */
export const OptionalUser = createParamDecorator((_: unknown, context: ExecutionContext): UserContext | undefined =>
  readUser(context),
);
