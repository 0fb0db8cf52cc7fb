import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { accessPolicyOf, requestContext } from '@goodloop/common';
import { UsersService } from '../users/users.service';
import { type AuthenticatedRequest } from './auth.decorators';
import { AuthError, AuthErrorCode } from './auth.errors';
import { TokensService } from './tokens.service';

const BEARER = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i;

/**
 * The gateway's front door, installed globally: every route needs a valid access token unless
 * it is marked `@Public()`. The token is verified (HS256, expiry), its sign-in must not have
 * been revoked, and the account is loaded fresh from the database with its memberships, so a
 * role granted or withdrawn, or the account disabled, counts from the next request on, not from
 * the next token.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = accessPolicyOf(this.reflector, context)?.kind === 'public';
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header) {
      if (isPublic) return true;
      throw new AuthError(AuthErrorCode.Unauthenticated);
    }
    try {
      await this.authenticate(request, header);
    } catch (error) {
      // On an open route a stale or broken credential makes the caller anonymous.
      if (isPublic && error instanceof AuthError) return true;
      throw error;
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, header: string): Promise<void> {
    const token = BEARER.exec(header)?.[1];
    if (!token) throw new AuthError(AuthErrorCode.TokenInvalid, 'Authorization must be "Bearer <access token>"');
    const claims = await this.tokens.verifyAccessToken(token);
    const [loaded, revoked] = await Promise.all([this.users.loadContext(claims.sub), this.tokens.isSessionRevoked(claims.sid)]);
    if (!loaded) throw new AuthError(AuthErrorCode.TokenInvalid);
    // A disabled account's tokens stop working at once, not when they expire.
    if (loaded.user.disabledAt) throw new AuthError(AuthErrorCode.AccountDisabled);
    if (revoked) throw new AuthError(AuthErrorCode.SessionRevoked);
    request.user = loaded.context;
    request.sessionId = claims.sid;
    const store = requestContext.get();
    if (store) store.userId = loaded.context.id;
  }
}
