import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Assets, Topics, type UserRegisteredV1, type WalletFreezeChangedV1 } from '@goodloop/contracts';
import type { MessageContext } from '@goodloop/common';
import { userWalletKey } from '../domain';
import { AccountsService } from './accounts.service';

@Controller()
export class AccountsConsumer {
  constructor(private readonly accounts: AccountsService) {}

  /** A new resident gets an empty POINTS wallet right away, so the first statement has an account. */
  @EventPattern(Topics.UserRegisteredV1)
  async onUserRegistered(@Payload() payload: UserRegisteredV1, @Ctx() context: MessageContext): Promise<void> {
    await this.accounts.ensure(context.getManager(), [userWalletKey(payload.userId)], 'POINTS');
  }

  /**
   * An admin froze or unfroze a user's wallet (the gateway decides; the ledger applies). Every
   * asset's wallet account is set, created first if need be, so a wallet first used after the
   * freeze is frozen too. The posting engine then refuses every transfer touching it as
   * `ACCOUNT_FROZEN` — spending and earning alike (an earn from verified hours is dead-lettered
   * with that reason and can be replayed once the wallet is unfrozen). Messages of one user share
   * a key, so a freeze and the unfreeze after it apply in order.
   */
  @EventPattern(Topics.WalletFreezeChangedV1)
  async onWalletFreezeChanged(@Payload() payload: WalletFreezeChangedV1, @Ctx() context: MessageContext): Promise<void> {
    const manager = context.getManager();
    const key = userWalletKey(payload.userId);
    for (const asset of Assets) await this.accounts.ensure(manager, [key], asset);
    await manager.query(`UPDATE accounts SET frozen = $2 WHERE key = $1 AND frozen <> $2`, [key, payload.frozen]);
  }
}
