import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { GatewayConfig } from '../config/env';
import { AuthError, AuthErrorCode } from './auth.errors';
import { RefreshToken } from './entities/refresh-token.entity';

/** What an access token says: the user (`sub`) and the sign-in it belongs to (`sid`, the refresh family). */
export interface AccessClaims {
  sub: string;
  sid: string;
}

/**
 * Who issues access tokens and for whom they are. A token must name both, and its sign-in and
 * expiry, or it is refused: a token minted for another audience (or by a tool with the same
 * key but other claims) never opens the API, and no token lives forever.
 */
export const ACCESS_TOKEN_ISSUER = 'goodloop-gateway';
export const ACCESS_TOKEN_AUDIENCE = 'goodloop-api';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

type RotateOutcome = { ok: true; userId: string; familyId: string; refreshToken: string } | { ok: false; code: AuthErrorCode };

/**
 * Access tokens are short JWTs (HS256, 15 minutes). Refresh tokens are 256 random bits the
 * client keeps and the database knows only as a SHA-256 hash. Each sign-in starts a family;
 * each refresh spends the presented token and issues the next one in the family.
 */
@Injectable()
export class TokensService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TokensService.name);
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
    private readonly config: GatewayConfig,
  ) {}

  /** Expired refresh tokens are kept a week (to recognise late reuse), then purged hourly. */
  onApplicationBootstrap(): void {
    this.purgeTimer = setInterval(() => {
      this.purgeExpired().catch((e: unknown) => this.logger.warn(`refresh token purge: ${String(e)}`));
    }, 3600_000);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  async purgeExpired(): Promise<number> {
    const [, removed] = (await this.dataSource.query(
      `DELETE FROM refresh_tokens WHERE expires_at < now() - interval '7 days'`,
    )) as [unknown, number];
    return removed;
  }

  /** Starts a new sign-in (a new family) for the user, inside the caller's transaction. */
  async startSession(manager: EntityManager, userId: string): Promise<TokenPair> {
    const familyId = uuidv7();
    const refreshToken = await this.insertRefreshToken(manager, userId, familyId);
    return this.pair(userId, familyId, refreshToken);
  }

  /**
   * Spends a refresh token and returns the next pair. The row is locked, so concurrent uses are
   * taken one at a time. Reuse of a spent token revokes the whole family — committed before the
   * 401 is thrown, so the revocation sticks — except the family's latest spent token presented
   * again within REFRESH_REUSE_GRACE_SECONDS: that is two tabs refreshing at once, and it gets a
   * pair of its own. (A thief replaying within those seconds would get one too: the window is the
   * price of not signing out people who use two tabs, and is kept short.)
   */
  async rotate(presented: string): Promise<{ userId: string; tokens: TokenPair }> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<RotateOutcome> => {
      const row = await manager
        .getRepository(RefreshToken)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.token_hash = :hash', { hash: hashRefreshToken(presented) })
        .getOne();
      if (!row) return { ok: false, code: AuthErrorCode.RefreshTokenInvalid };
      if (row.revokedAt) return { ok: false, code: AuthErrorCode.SessionRevoked };
      if (row.expiresAt.getTime() <= Date.now()) return { ok: false, code: AuthErrorCode.RefreshTokenExpired };
      if (row.usedAt) {
        if (await this.isConcurrentRefresh(manager, row)) {
          const refreshToken = await this.insertRefreshToken(manager, row.userId, row.familyId);
          return { ok: true, userId: row.userId, familyId: row.familyId, refreshToken };
        }
        await this.revokeFamilyWith(manager, row.familyId);
        return { ok: false, code: AuthErrorCode.RefreshTokenReused };
      }
      await manager.update(RefreshToken, { id: row.id }, { usedAt: new Date() });
      const refreshToken = await this.insertRefreshToken(manager, row.userId, row.familyId);
      return { ok: true, userId: row.userId, familyId: row.familyId, refreshToken };
    });
    if (!outcome.ok) throw new AuthError(outcome.code);
    return { userId: outcome.userId, tokens: await this.pair(outcome.userId, outcome.familyId, outcome.refreshToken) };
  }

  /** The token was spent moments ago and nothing in its family was spent after it. */
  private async isConcurrentRefresh(manager: EntityManager, row: RefreshToken): Promise<boolean> {
    const graceMs = this.config.REFRESH_REUSE_GRACE_SECONDS * 1000;
    if (!row.usedAt || Date.now() - row.usedAt.getTime() > graceMs) return false;
    const later = await manager
      .getRepository(RefreshToken)
      .createQueryBuilder('t')
      .where('t.family_id = :family AND t.used_at > :usedAt', { family: row.familyId, usedAt: row.usedAt })
      .getCount();
    return later === 0;
  }

  /** Ends the sign-in the refresh token belongs to, when it is the user's; unknown tokens change nothing. */
  async revokeByToken(userId: string, presented: string): Promise<void> {
    const row = await this.dataSource.manager.findOneBy(RefreshToken, { tokenHash: hashRefreshToken(presented) });
    if (!row || row.userId !== userId) return;
    await this.revokeFamily(row.familyId);
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.revokeFamilyWith(this.dataSource.manager, familyId);
  }

  /** Ends every sign-in of a user (an admin disabled the account), in the caller's transaction. */
  async revokeAllOfUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Whether the sign-in an access token belongs to has ended (logout, or detected token theft). */
  async isSessionRevoked(familyId: string): Promise<boolean> {
    const count = await this.dataSource.manager.countBy(RefreshToken, { familyId, revokedAt: IsNull() });
    return count === 0;
  }

  /**
   * Verifies signature, algorithm, issuer, audience and expiry, and that `exp`, `sid` and `sub`
   * are there; maps every failure to a 401 in the public shape.
   */
  async verifyAccessToken(token: string): Promise<AccessClaims> {
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync<Record<string, unknown>>(token, {
        algorithms: ['HS256'],
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
      });
    } catch (error) {
      throw new AuthError(error instanceof TokenExpiredError ? AuthErrorCode.TokenExpired : AuthErrorCode.TokenInvalid);
    }
    const { sub, sid, exp } = claims;
    if (typeof exp !== 'number') throw new AuthError(AuthErrorCode.TokenInvalid, 'Access token has no expiry');
    if (typeof sub !== 'string' || !UUID.test(sub)) throw new AuthError(AuthErrorCode.TokenInvalid);
    if (typeof sid !== 'string' || !UUID.test(sid))
      throw new AuthError(AuthErrorCode.TokenInvalid, 'Access token names no sign-in');
    return { sub, sid };
  }

  private async pair(userId: string, familyId: string, refreshToken: string): Promise<TokenPair> {
    const accessToken = await this.jwt.signAsync({ sub: userId, sid: familyId } satisfies AccessClaims, {
      algorithm: 'HS256',
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
    });
    return { accessToken, refreshToken, expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS };
  }

  private async insertRefreshToken(manager: EntityManager, userId: string, familyId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await manager.insert(RefreshToken, {
      id: uuidv7(),
      userId,
      familyId,
      tokenHash: hashRefreshToken(token),
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 24 * 3600 * 1000),
      usedAt: null,
      revokedAt: null,
    });
    return token;
  }

  private async revokeFamilyWith(manager: EntityManager, familyId: string): Promise<void> {
    await manager.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
