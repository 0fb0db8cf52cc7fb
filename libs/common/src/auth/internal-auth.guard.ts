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
import { timingSafeEqual } from 'node:crypto';
import { decodeUserContext, INTERNAL_TOKEN_HEADER, USER_CONTEXT_HEADER, type UserContext } from './user-context';

const SKIP_INTERNAL_AUTH = Symbol('SKIP_INTERNAL_AUTH');

/** Routes anyone on the internal network may call (health). */
export const SkipInternalAuth = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_INTERNAL_AUTH, true);

/**
 * Guards a service's internal HTTP API: only callers holding the shared internal token (the
 * gateway) get in. Services never face the outside; this is the second lock on that door.
 */
@Injectable()
export class InternalAuthGuard implements CanActivate {
  private readonly token: Buffer;

  constructor(
    token: string,
    private readonly reflector: Reflector,
  ) {
    this.token = Buffer.from(token);
  }

  canActivate(context: ExecutionContext): boolean {
    const skip = this.reflector.getAllAndOverride<boolean>(SKIP_INTERNAL_AUTH, [context.getHandler(), context.getClass()]);
    if (skip) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const given = Buffer.from(String(request.headers[INTERNAL_TOKEN_HEADER] ?? ''));
    if (given.length !== this.token.length || !timingSafeEqual(given, this.token)) {
      throw new UnauthorizedException('Internal API: missing or wrong internal token');
    }
    return true;
  }
}

function readUser(context: ExecutionContext): UserContext | undefined {
  const request = context.switchToHttp().getRequest<Request>();
  const header = request.headers[USER_CONTEXT_HEADER];
  return typeof header === 'string' ? decodeUserContext(header) : undefined;
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
