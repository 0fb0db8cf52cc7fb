import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UserView } from '@goodloop/contracts';
import type { Locale } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';
import { AuthError, AuthErrorCode } from './auth.errors';
import { PasswordService } from './password.service';
import { TokensService, type TokenPair } from './tokens.service';

export interface AuthResult extends TokenPair {
  user: UserView;
}

/** Registration, login, refresh and logout. Emails arrive normalised (see the DTOs). */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly tokens: TokensService,
  ) {}

  /** Creates the account, its `gateway.user.registered.v1` event and the first sign-in in one transaction. */
  async register(input: { email: string; password: string; displayName: string; locale?: Locale }): Promise<AuthResult> {
    const passwordHash = await this.passwords.hash(input.password);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.create(manager, {
        email: input.email,
        passwordHash,
        displayName: input.displayName,
        locale: input.locale ?? 'zh-CN',
      });
      const tokens = await this.tokens.startSession(manager, user.id);
      return { user: await this.users.view(user, manager), ...tokens };
    });
  }

  /**
   * An unknown email and a wrong password fail alike: same status, code and message, and — since
   * an unknown email is still checked against a dummy hash — about the same time.
   */
  async login(email: string, password: string): Promise<AuthResult> {
    const user = await this.users.findByEmail(email);
    const ok = await this.passwords.verify(user?.passwordHash, password);
    if (!user || !ok) throw new AuthError(AuthErrorCode.InvalidCredentials);
    // Said only to someone who knows the password, so it reveals nothing to a guesser.
    if (user.disabledAt) throw new AuthError(AuthErrorCode.AccountDisabled);
    if (this.passwords.needsRehash(user.passwordHash)) {
      await this.users.updatePasswordHash(user.id, await this.passwords.hash(password));
    }
    const tokens = await this.dataSource.transaction((manager) => this.tokens.startSession(manager, user.id));
    return { user: await this.users.view(user), ...tokens };
  }

  async refresh(refreshToken: string): Promise<AuthResult> {
    const { userId, tokens } = await this.tokens.rotate(refreshToken);
    const user = await this.users.findById(userId);
    if (!user) throw new AuthError(AuthErrorCode.RefreshTokenInvalid);
    // Disabling revokes every sign-in, so this is a second lock on the same door.
    if (user.disabledAt) throw new AuthError(AuthErrorCode.AccountDisabled);
    return { user: await this.users.view(user), ...tokens };
  }

  /** Ends the sign-in of the given refresh token and of the access token used to call (usually the same one). */
  async logout(userId: string, refreshToken: string, sessionId?: string): Promise<void> {
    await this.tokens.revokeByToken(userId, refreshToken);
    if (sessionId) await this.tokens.revokeFamily(sessionId);
  }
}
