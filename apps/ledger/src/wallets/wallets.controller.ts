import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { CommonError, CurrentUser, type UserContext } from '@goodloop/common';
import { canReadWallet } from '../access/ledger-access';
import type { WalletDto, WalletEntriesPageDto } from './dto/wallet.dto';
import { EntriesQueryDto, WalletQueryDto } from './dto/wallet-query.dto';
import { WalletsService } from './wallets.service';

@Controller('internal/wallets')
export class WalletsController {
  constructor(private readonly wallets: WalletsService) {}

  /** Backs `GET /me/wallet` and `GET /users/:id/wallet`. */
  @Get(':userId')
  wallet(
    @CurrentUser() user: UserContext,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Query() query: WalletQueryDto,
  ): Promise<WalletDto> {
    this.assertCanRead(user, userId);
    return this.wallets.wallet(userId, query.asset ?? 'POINTS');
  }

  /** Backs `GET /me/wallet/entries`. */
  @Get(':userId/entries')
  entries(
    @CurrentUser() user: UserContext,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Query() query: EntriesQueryDto,
  ): Promise<WalletEntriesPageDto> {
    this.assertCanRead(user, userId);
    return this.wallets.entries(userId, query.asset ?? 'POINTS', query.limit, query.cursor);
  }

  private assertCanRead(user: UserContext, userId: string): void {
    if (!canReadWallet(user, userId)) throw CommonError.forbidden('You may only read your own wallet');
  }
}
