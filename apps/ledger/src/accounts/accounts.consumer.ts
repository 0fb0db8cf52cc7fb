import { Injectable } from '@nestjs/common';
import { Topics, type UserRegisteredV1 } from '@goodloop/contracts';
import { OnMessage, type MessageContext } from '@goodloop/common';
import { userWalletKey } from '../domain';
import { AccountsService } from './accounts.service';

@Injectable()
export class AccountsConsumer {
  constructor(private readonly accounts: AccountsService) {}

  /** A new resident gets an empty POINTS wallet right away, so the first statement has an account. */
  @OnMessage(Topics.UserRegisteredV1)
  async onUserRegistered(payload: UserRegisteredV1, { manager }: MessageContext<typeof Topics.UserRegisteredV1>): Promise<void> {
    await this.accounts.ensure(manager, [userWalletKey(payload.userId)], 'POINTS');
  }
}
