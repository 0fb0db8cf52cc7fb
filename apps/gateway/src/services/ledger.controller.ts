import { Body, Controller, Get, Post, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isAdmin, type UserContext } from '@goodloop/common';
import type { Response } from 'express';
import { AuthError, AuthErrorCode } from '../auth/auth.errors';
import { AuthUser, Roles } from '../auth/auth.decorators';
import { UuidParam } from '../http/uuid-param.pipe';
import { ApiErrorResponses } from '../openapi/api-error';
import { CreateTransferDto, WalletEntriesQuery, WalletQuery } from './dto/ledger.dto';
import { TrialBalanceView, WalletEntryPageView, WalletView } from './dto/views';
import { IdempotencyKey } from './idempotency-key';
import { relay, ServicesClient } from './services.client';

/** Wallets, statements and the books: answered by the ledger service. */
@ApiTags('wallet')
@ApiBearerAuth()
@Controller()
export class LedgerController {
  constructor(private readonly services: ServicesClient) {}

  @Get('me/wallet')
  @ApiOperation({ summary: 'My balance: balance, pending (held) and available' })
  @ApiOkResponse({ type: WalletView })
  @ApiErrorResponses(400, 401, 503)
  async myWallet(@AuthUser() user: UserContext, @Query() query: WalletQuery, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('ledger', { method: 'GET', path: `/internal/wallets/${user.id}`, user, query }));
  }

  @Get('me/wallet/entries')
  @ApiOperation({ summary: 'My statement, newest first' })
  @ApiOkResponse({ type: WalletEntryPageView })
  @ApiErrorResponses(400, 401, 503)
  async myEntries(@AuthUser() user: UserContext, @Query() query: WalletEntriesQuery, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('ledger', { method: 'GET', path: `/internal/wallets/${user.id}/entries`, user, query }));
  }

  @Get('users/:id/wallet')
  @ApiOperation({ summary: 'A user’s balance (that user, or an admin)' })
  @ApiOkResponse({ type: WalletView })
  @ApiErrorResponses(400, 401, 403, 503)
  async userWallet(
    @AuthUser() user: UserContext,
    @Param('id', UuidParam()) id: string,
    @Query() query: WalletQuery,
    @Res() res: Response,
  ): Promise<void> {
    if (id !== user.id && !isAdmin(user)) throw new AuthError(AuthErrorCode.Forbidden, 'Only that user and admins see a wallet');
    relay(res, await this.services.call('ledger', { method: 'GET', path: `/internal/wallets/${id}`, user, query }));
  }

  @Get('ledger/trial-balance')
  @ApiTags('ledger')
  @Roles('admin', 'foundation_staff')
  @ApiOperation({ summary: 'Sums per asset; every sum must be zero (admin, foundation staff)' })
  @ApiOkResponse({ type: TrialBalanceView })
  @ApiErrorResponses(401, 403, 503)
  async trialBalance(@AuthUser() user: UserContext, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('ledger', { method: 'GET', path: '/internal/trial-balance', user }));
  }

  @Post('ledger/transfers')
  @ApiTags('ledger')
  @Roles('admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Apply this write once, however often it is sent' })
  @ApiOperation({ summary: 'Post a transfer by hand (admin); the same transferId and content is applied once' })
  @ApiCreatedResponse({ description: 'The posted transfer, as the ledger answers it' })
  @ApiErrorResponses(400, 401, 403, 409, 429, 503)
  async transfer(
    @AuthUser() user: UserContext,
    @Body() dto: CreateTransferDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    relay(
      res,
      await this.services.call('ledger', { method: 'POST', path: '/internal/transfers', user, body: dto, idempotencyKey }),
    );
  }
}
