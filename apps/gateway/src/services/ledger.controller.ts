import { Body, Controller, Get, Post, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { isAdmin, type UserContext } from '@goodloop/common';
import type { Response } from 'express';
import { AuthError, AuthErrorCode } from '../auth/auth.errors';
import { AuthUser, Roles, SignedIn } from '../auth/auth.decorators';
import { UuidParam } from '@goodloop/common';
import { ApiErrorResponses } from '../openapi/api-error';
import {
  CreateEarnRuleDto,
  CreateTransferDto,
  PostPendingTransferDto,
  ReverseTransferDto,
  VoidPendingTransferDto,
  WalletBalanceAtQuery,
  WalletEntriesFilter,
  WalletEntriesQuery,
  WalletQuery,
} from './dto/ledger.dto';
import {
  ChainVerificationView,
  ReconciliationView,
  TransferResultView,
  TrialBalanceView,
  WalletBalanceAtView,
  WalletEntryPageView,
  WalletView,
} from './dto/views';
import { IdempotencyKey } from './idempotency-key';
import { relay, ServicesClient } from './services.client';
import { TransferIdParam } from './transfer-id.pipe';

/** Errors answer JSON even on the CSV route, so the ledger may send either. */
const CSV_ACCEPT = 'text/csv, application/json;q=0.5';

/** Wallets, statements and the books: answered by the ledger service. */
@ApiTags('wallet')
@ApiBearerAuth()
@SignedIn()
@Controller()
export class LedgerController {
  constructor(private readonly services: ServicesClient) {}

  @Get('me/wallet')
  @ApiOperation({ summary: 'My balance: balance, pending (held), available, and the points about to expire' })
  @ApiOkResponse({ type: WalletView })
  @ApiErrorResponses(400, 401, 503)
  async myWallet(@AuthUser() user: UserContext, @Query() query: WalletQuery, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('ledger', { method: 'GET', path: `/internal/wallets/${user.id}`, user, query }));
  }

  @Get('me/wallet/entries')
  @ApiOperation({ summary: 'My statement, newest first; filter by code, direction (in/out) and time' })
  @ApiOkResponse({ type: WalletEntryPageView })
  @ApiErrorResponses(400, 401, 503)
  async myEntries(@AuthUser() user: UserContext, @Query() query: WalletEntriesQuery, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('ledger', { method: 'GET', path: `/internal/wallets/${user.id}/entries`, user, query }));
  }

  @Get('me/wallet/entries.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'My statement as a CSV file, with the same filters (every matching line, no paging)' })
  @ApiOkResponse({ description: 'text/csv, one line per statement entry', schema: { type: 'string' } })
  @ApiErrorResponses(400, 401, 503)
  async myEntriesCsv(@AuthUser() user: UserContext, @Query() query: WalletEntriesFilter, @Res() res: Response): Promise<void> {
    relay(
      res,
      await this.services.call('ledger', {
        method: 'GET',
        path: `/internal/wallets/${user.id}/entries.csv`,
        user,
        query,
        accept: CSV_ACCEPT,
      }),
    );
  }

  @Get('me/wallet/balance')
  @ApiOperation({ summary: 'My posted balance at a past moment' })
  @ApiOkResponse({ type: WalletBalanceAtView })
  @ApiErrorResponses(400, 401, 503)
  async myBalanceAt(@AuthUser() user: UserContext, @Query() query: WalletBalanceAtQuery, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('ledger', { method: 'GET', path: `/internal/wallets/${user.id}/balance`, user, query }));
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

  @Get('ledger/reconciliation')
  @ApiTags('ledger')
  @Roles('admin', 'foundation_staff')
  @ApiOperation({
    summary: 'The last reconciliation of stored balances against the entries: ok, drift or not run (admin, foundation staff)',
  })
  @ApiOkResponse({ type: ReconciliationView })
  @ApiErrorResponses(401, 403, 503)
  async reconciliation(@AuthUser() user: UserContext, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('ledger', { method: 'GET', path: '/internal/reconciliation', user }));
  }

  @Post('ledger/reconciliation/run')
  @ApiTags('ledger')
  @Roles('admin')
  @ApiOperation({ summary: 'Reconcile now and answer the fresh result (admin)' })
  @ApiOkResponse({ type: ReconciliationView })
  @ApiErrorResponses(401, 403, 429, 503)
  async runReconciliation(@AuthUser() user: UserContext, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('ledger', { method: 'POST', path: '/internal/reconciliation/run', user }));
  }

  @Get('programmes/:id/earn-rules')
  @ApiTags('ledger')
  @ApiOperation({ summary: "A points programme's earn rule, every version (rate, bonuses, caps, lifetime)" })
  @ApiErrorResponses(401, 422, 503)
  async earnRules(@AuthUser() user: UserContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    relay(
      res,
      await this.services.call('ledger', {
        method: 'GET',
        path: `/internal/programmes/${encodeURIComponent(id)}/earn-rules`,
        user,
      }),
    );
  }

  @Post('programmes/:id/earn-rules')
  @ApiTags('ledger')
  @Roles('admin')
  @ApiOperation({ summary: 'Publish the next version of a programme’s earn rule (admin); past earns keep their version' })
  @ApiErrorResponses(400, 401, 403, 422, 503)
  async createEarnRule(
    @AuthUser() user: UserContext,
    @Param('id') id: string,
    @Body() dto: CreateEarnRuleDto,
    @Res() res: Response,
  ): Promise<void> {
    relay(
      res,
      await this.services.call('ledger', {
        method: 'POST',
        path: `/internal/programmes/${encodeURIComponent(id)}/earn-rules`,
        user,
        body: dto,
      }),
    );
  }

  @Get('ledger/chain/verify')
  @ApiTags('ledger')
  @Roles('admin', 'foundation_staff')
  @ApiOperation({ summary: 'Walk the hash chain of postings and report the first broken link (admin, foundation staff)' })
  @ApiOkResponse({ type: ChainVerificationView })
  @ApiErrorResponses(401, 403, 503)
  async verifyChain(@AuthUser() user: UserContext, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('ledger', { method: 'GET', path: '/internal/chain/verify', user }));
  }

  @Post('ledger/transfers')
  @ApiTags('ledger')
  @Roles('admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Apply this write once, however often it is sent' })
  @ApiOperation({ summary: 'Post a transfer by hand (admin); the same transferId and content is applied once' })
  @ApiCreatedResponse({ type: TransferResultView, description: 'The posted transfer, as the ledger answers it' })
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

  @Post('ledger/transfers/:id/reverse')
  @ApiTags('ledger')
  @Roles('admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Apply this write once, however often it is sent' })
  @ApiOperation({ summary: 'Reverse a posted transfer, wholly or in part, with a new transfer (admin)' })
  @ApiCreatedResponse({ type: TransferResultView, description: 'The reversing transfer (code `reversal`)' })
  @ApiErrorResponses(400, 401, 403, 404, 409, 422, 429, 503)
  async reverse(
    @AuthUser() user: UserContext,
    @Param('id', new TransferIdParam()) id: string,
    @Body() dto: ReverseTransferDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    relay(
      res,
      await this.services.call('ledger', {
        method: 'POST',
        path: `/internal/transfers/${encodeURIComponent(id)}/reverse`,
        user,
        body: dto,
        idempotencyKey,
      }),
    );
  }

  @Post('ledger/transfers/:id/post')
  @ApiTags('ledger')
  @Roles('admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Apply this write once, however often it is sent' })
  @ApiOperation({ summary: 'Post a pending transfer, for all or part of what it holds (admin)' })
  @ApiCreatedResponse({ type: TransferResultView, description: 'The posting transfer' })
  @ApiErrorResponses(400, 401, 403, 404, 409, 422, 429, 503)
  async postPending(
    @AuthUser() user: UserContext,
    @Param('id', new TransferIdParam()) id: string,
    @Body() dto: PostPendingTransferDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    relay(
      res,
      await this.services.call('ledger', {
        method: 'POST',
        path: `/internal/transfers/${encodeURIComponent(id)}/post`,
        user,
        body: dto,
        idempotencyKey,
      }),
    );
  }

  @Post('ledger/transfers/:id/void')
  @ApiTags('ledger')
  @Roles('admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Apply this write once, however often it is sent' })
  @ApiOperation({ summary: 'Void a pending transfer, releasing what it holds (admin)' })
  @ApiCreatedResponse({ type: TransferResultView, description: 'The voiding transfer' })
  @ApiErrorResponses(400, 401, 403, 404, 409, 422, 429, 503)
  async voidPending(
    @AuthUser() user: UserContext,
    @Param('id', new TransferIdParam()) id: string,
    @Body() dto: VoidPendingTransferDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    relay(
      res,
      await this.services.call('ledger', {
        method: 'POST',
        path: `/internal/transfers/${encodeURIComponent(id)}/void`,
        user,
        body: dto,
        idempotencyKey,
      }),
    );
  }
}
