import { Injectable } from '@nestjs/common';
import { OutboxClient } from '@goodloop/common';
import { Topics, type AdminUserView } from '@goodloop/contracts';
import { lastValueFrom } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { TokensService } from '../auth/tokens.service';
import type { User } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';
import { AccountError, AccountErrorCode } from './accounts.errors';

/**
 * What admins do to accounts: find one, disable or enable it, freeze or unfreeze its wallet.
 * Each change is a conditional UPDATE written with its event in one transaction, so a repeat
 * changes nothing and emits nothing, and two admins at once emit one event.
 *
 * - Disabling ends every sign-in of the account at once (its refresh-token families are
 *   revoked in the same transaction); the JWT guard refuses its access tokens from the next
 *   request on; login is refused; `gateway.user.status.changed.v1` tells the services
 *   (volunteers refuses its sign-ups).
 * - Freezing the wallet is applied by the ledger (`gateway.wallet.freeze.changed.v1`): the user's
 *   wallet accounts refuse every transfer, spending and earning alike, until unfrozen.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxClient,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
  ) {}

  async findByEmail(email: string): Promise<AdminUserView> {
    const user = await this.users.findByEmail(email);
    if (!user) throw new AccountError(AccountErrorCode.UserNotFound);
    return this.view(this.dataSource.manager, user);
  }

  async get(userId: string): Promise<AdminUserView> {
    const user = await this.users.findById(userId);
    if (!user) throw new AccountError(AccountErrorCode.UserNotFound);
    return this.view(this.dataSource.manager, user);
  }

  setDisabled(adminId: string, userId: string, disabled: boolean): Promise<AdminUserView> {
    if (disabled && adminId === userId) throw new AccountError(AccountErrorCode.NotYourself);
    return this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        disabled
          ? `UPDATE users SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL RETURNING id`
          : `UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL RETURNING id`,
        [userId],
      )) as [unknown[], number];
      const user = await this.users.findById(userId, manager);
      if (!user) throw new AccountError(AccountErrorCode.UserNotFound);
      if (disabled) await this.tokens.revokeAllOfUser(manager, userId);
      if (rows.length > 0) {
        await lastValueFrom(
          this.outbox.within(manager).emit(Topics.UserStatusChangedV1, {
            key: userId,
            value: { userId, disabled, changedBy: adminId, changedAt: new Date().toISOString() },
          }),
        );
      }
      return this.view(manager, user);
    });
  }

  setWalletFrozen(adminId: string, userId: string, frozen: boolean): Promise<AdminUserView> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        frozen
          ? `UPDATE users SET wallet_frozen_at = now() WHERE id = $1 AND wallet_frozen_at IS NULL RETURNING id`
          : `UPDATE users SET wallet_frozen_at = NULL WHERE id = $1 AND wallet_frozen_at IS NOT NULL RETURNING id`,
        [userId],
      )) as [unknown[], number];
      const user = await this.users.findById(userId, manager);
      if (!user) throw new AccountError(AccountErrorCode.UserNotFound);
      if (rows.length > 0) {
        await lastValueFrom(
          this.outbox.within(manager).emit(Topics.WalletFreezeChangedV1, {
            key: userId,
            value: { userId, frozen, changedBy: adminId, changedAt: new Date().toISOString() },
          }),
        );
      }
      return this.view(manager, user);
    });
  }

  private async view(manager: EntityManager, user: User): Promise<AdminUserView> {
    const memberships = await this.users.memberships(user.id, manager);
    return {
      ...this.users.viewOf(user, memberships),
      memberships,
      disabledAt: user.disabledAt?.toISOString() ?? null,
      walletFrozenAt: user.walletFrozenAt?.toISOString() ?? null,
    };
  }
}
