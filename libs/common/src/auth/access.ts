import { Injectable, SetMetadata, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CommonError } from '../errors/domain-error';
import { verifiedUserOf } from './internal-auth.guard';
import type { UserContext } from './user-context';

/**
 * Who may call a route. Every HTTP route states one, on the method or its controller (the lint
 * rule `goodloop/route-access` fails a route without), and the guard refuses a route that has
 * none, so forgetting is a 403 in a test rather than an open door in production:
 *
 * - `@Public()`: anyone; a signed-in caller is still known (the answer may say more to them).
 * - `@SignedIn()`: any signed-in user; what they may touch is the service's check on the object
 *   (e.g. "organizer of this activity's organisation" needs the activity, so it cannot be here).
 * - `@Access(rule, refusal)`: a signed-in user for whom `rule(user)` holds; the check runs before
 *   the body is validated, so a caller without the right learns nothing about the route's rules.
 */
export type AccessPolicy =
  { kind: 'public' } | { kind: 'signed-in' } | { kind: 'rule'; allows: (user: UserContext) => boolean; refusal: string };

export const ACCESS_POLICY = 'goodloop:access';

export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

export const SignedIn = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_POLICY, { kind: 'signed-in' } satisfies AccessPolicy);

export const Access = (allows: (user: UserContext) => boolean, refusal: string): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_POLICY, { kind: 'rule', allows, refusal } satisfies AccessPolicy);

/** The policy of the route being called: the method's, else its controller's. */
export function accessPolicyOf(reflector: Reflector, context: ExecutionContext): AccessPolicy | undefined {
  return reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
}

/** Reads the caller from the request: a service reads the user of the gateway token its guard verified. */
export type UserReader = (request: Request) => UserContext | undefined;

export const userFromGatewayToken: UserReader = verifiedUserOf;

/**
 * Enforces the route's access policy for HTTP calls (Kafka handlers are not HTTP routes and pass).
 * Installed globally by `createServiceApp`, after the internal-token guard.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly readUser: UserReader = userFromGatewayToken,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const policy = accessPolicyOf(this.reflector, context);
    if (!policy) {
      throw CommonError.forbidden(`${context.getClass().name}.${context.getHandler().name} declares no access policy`);
    }
    if (policy.kind === 'public') return true;
    const user = this.readUser(context.switchToHttp().getRequest<Request>());
    if (!user) throw new UnauthorizedException('Sign in first');
    if (policy.kind === 'rule' && !policy.allows(user)) throw CommonError.forbidden(policy.refusal);
    return true;
  }
}
