import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type UserRegisteredV1 } from '@goodloop/contracts';
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
}
