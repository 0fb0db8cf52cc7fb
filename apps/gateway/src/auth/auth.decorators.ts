import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { UserContext } from '@goodloop/common';
import type { Role } from '@goodloop/contracts';
import type { Request } from 'express';
import { AuthError, AuthErrorCode } from './auth.errors';

/**
 * A request after the JWT guard: `user` is set when a valid access token came with it, and
 * `sessionId` names the sign-in (refresh-token family) that token belongs to.
 */
export type AuthenticatedRequest = Request & { user?: UserContext; sessionId?: string };

export const REQUIRED_ROLES = 'goodloop:requiredRoles';

/**
 * Access policies are the services' own (`Public`, `SignedIn`, `Access` from @goodloop/common).
 * On a `@Public()` route a valid access token is still read (the answer may say more to a
 * signed-in user); a missing, expired or broken one makes the caller anonymous instead of
 * failing, so a stale credential never blocks login, refresh or a public page.
 */
export { Public, SignedIn } from '@goodloop/common';

/** Requires at least one of the roles (platform roles ∪ membership roles). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

function userOf(context: ExecutionContext): UserContext | undefined {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().user;
}

/** The signed-in user (the guard has verified the token and loaded the account). */
export const AuthUser = createParamDecorator((_: unknown, context: ExecutionContext): UserContext => {
  const user = userOf(context);
  if (!user) throw new AuthError(AuthErrorCode.Unauthenticated);
  return user;
});

/** The signed-in user on a public route, or undefined. */
export const OptionalAuthUser = createParamDecorator((_: unknown, context: ExecutionContext): UserContext | undefined =>
  userOf(context),
);
