import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { CommonError, CurrentUser, SignedIn, UuidParam, type UserContext } from '@goodloop/common';
import type { Response } from 'express';
import { canReadWallet } from '../access/ledger-access';
import {
  preferredMessageLanguage,
  WalletBalanceAtQuery,
  WalletCsvQuery,
  WalletEntriesQuery,
  WalletQuery,
  type WalletBalanceAtView,
  type WalletEntryPageView,
  type WalletView,
} from '@goodloop/contracts';
import { WalletError, WalletErrorCode } from './wallets.errors';
import { WalletsService } from './wallets.service';

@SignedIn()
@Controller('internal/wallets')
export class WalletsController {
  constructor(private readonly wallets: WalletsService) {}

  /** Backs `GET /me/wallet` and `GET /users/:id/wallet`. */
  @Get(':userId')
  wallet(
    @CurrentUser() user: UserContext,
    @Param('userId', UuidParam('userId')) userId: string,
    @Query() query: WalletQuery,
  ): Promise<WalletView> {
    this.assertCanRead(user, userId);
    return this.wallets.wallet(userId, query.asset ?? 'POINTS');
  }

  /** Backs `GET /me/wallet/entries`. */
  @Get(':userId/entries')
  entries(
    @CurrentUser() user: UserContext,
    @Param('userId', UuidParam('userId')) userId: string,
    @Query() query: WalletEntriesQuery,
  ): Promise<WalletEntryPageView> {
    this.assertCanRead(user, userId);
    assertRange(query);
    return this.wallets.entries(userId, query.asset ?? 'POINTS', query, query.limit, query.cursor);
  }

  /** Backs `GET /me/wallet/entries.csv`: the whole filtered statement, streamed. */
  @Get(':userId/entries.csv')
  async csv(
    @CurrentUser() user: UserContext,
    @Param('userId', UuidParam('userId')) userId: string,
    @Query() query: WalletCsvQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    this.assertCanRead(user, userId);
    assertRange(query);
    const asset = query.asset ?? 'POINTS';
    const file = {
      format: query.format ?? 'readable',
      // The platform speaks Chinese unless the caller asks for English.
      language: preferredMessageLanguage(acceptLanguage) ?? 'zh-CN',
      timeZone: query.timeZone ?? 'Asia/Shanghai',
    } as const;
    response.status(200);
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    if (file.format === 'readable') response.setHeader('content-language', file.language);
    response.setHeader('content-disposition', `attachment; filename="goodloop-${asset.toLowerCase()}-statement.csv"`);
    for await (const chunk of this.wallets.csv(userId, asset, query, file)) response.write(chunk);
    response.end();
  }

  /** Backs `GET /me/wallet/balance?at=`. */
  @Get(':userId/balance')
  balanceAt(
    @CurrentUser() user: UserContext,
    @Param('userId', UuidParam('userId')) userId: string,
    @Query() query: WalletBalanceAtQuery,
  ): Promise<WalletBalanceAtView> {
    this.assertCanRead(user, userId);
    return this.wallets.balanceAt(userId, query.asset ?? 'POINTS', query.at);
  }

  private assertCanRead(user: UserContext, userId: string): void {
    if (!canReadWallet(user, userId)) throw CommonError.forbidden('You may only read your own wallet');
  }
}

function assertRange(filter: { from?: string; to?: string }): void {
  if (filter.from && filter.to && Date.parse(filter.to) < Date.parse(filter.from)) {
    throw new WalletError(WalletErrorCode.InvalidRange, '`to` must not be before `from`');
  }
}
