import { Injectable, SetMetadata, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommonError, decodeUserContext, USER_CONTEXT_HEADER, type UserContext } from '@goodloop/common';
import type { Request } from 'express';

const ACCESS_RULE = Symbol('LEDGER_ACCESS_RULE');

interface AccessRule {
  allows: (user: UserContext) => boolean;
  refusal: string;
}

/**
 * Who may call a route, checked before the body is even validated, so a caller without the
 * right gets 403 and learns nothing about the route's rules.
 */
export const AllowOnly = (allows: AccessRule['allows'], refusal: string): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { allows, refusal } satisfies AccessRule);

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) return true;
    const header = context.switchToHttp().getRequest<Request>().headers[USER_CONTEXT_HEADER];
    const user = typeof header === 'string' ? decodeUserContext(header) : undefined;
    if (!user) throw new UnauthorizedException('Sign in first');
    if (!rule.allows(user)) throw CommonError.forbidden(rule.refusal);
    return true;
  }
}
