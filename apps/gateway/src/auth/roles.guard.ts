import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@goodloop/contracts';
import { REQUIRED_ROLES, type AuthenticatedRequest } from './auth.decorators';
import { AuthError, AuthErrorCode } from './auth.errors';

/** Enforces `@Roles(...)`: the caller must hold at least one of them (platform or membership role). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return true;
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) throw new AuthError(AuthErrorCode.Unauthenticated);
    if (!required.some((role) => user.roles.includes(role))) {
      throw new AuthError(AuthErrorCode.Forbidden, `This needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}
