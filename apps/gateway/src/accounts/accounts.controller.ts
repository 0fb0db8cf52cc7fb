import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam, type UserContext } from '@goodloop/common';
import { AdminUserView, FindUserQuery } from '@goodloop/contracts';
import { AuthUser, Roles } from '../auth/auth.decorators';
import { Idempotent } from '../idempotency/idempotent.interceptor';
import { ApiErrorResponses } from '../openapi/api-error';
import { ApiQueryOf } from '../openapi/api-shapes';
import { AccountsService } from './accounts.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Find an account by email (admin): its state and memberships' })
  @ApiOkResponse({ type: AdminUserView })
  @ApiQueryOf(FindUserQuery)
  @ApiErrorResponses(400, 401, 403, 404)
  find(@Query() query: FindUserQuery): Promise<AdminUserView> {
    return this.accounts.findByEmail(query.email);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One account (admin): its state and memberships' })
  @ApiOkResponse({ type: AdminUserView })
  @ApiErrorResponses(400, 401, 403, 404)
  get(@Param('id', UuidParam()) id: string): Promise<AdminUserView> {
    return this.accounts.get(id);
  }

  @Post(':id/disable')
  @Idempotent()
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Disable an account (admin): it cannot sign in, its sessions end at once, its access tokens stop working; emits gateway.user.status.changed.v1',
  })
  @ApiOkResponse({ type: AdminUserView })
  @ApiErrorResponses(400, 401, 403, 404, 409, 429)
  disable(@AuthUser() admin: UserContext, @Param('id', UuidParam()) id: string): Promise<AdminUserView> {
    return this.accounts.setDisabled(admin.id, id, true);
  }

  @Post(':id/enable')
  @Idempotent()
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Enable a disabled account again (admin); emits gateway.user.status.changed.v1' })
  @ApiOkResponse({ type: AdminUserView })
  @ApiErrorResponses(400, 401, 403, 404, 429)
  enable(@AuthUser() admin: UserContext, @Param('id', UuidParam()) id: string): Promise<AdminUserView> {
    return this.accounts.setDisabled(admin.id, id, false);
  }

  @Post(':id/wallet/freeze')
  @Idempotent()
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Freeze an account’s wallet (admin): the ledger refuses its spending and earning; emits gateway.wallet.freeze.changed.v1',
  })
  @ApiOkResponse({ type: AdminUserView })
  @ApiErrorResponses(400, 401, 403, 404, 429)
  freeze(@AuthUser() admin: UserContext, @Param('id', UuidParam()) id: string): Promise<AdminUserView> {
    return this.accounts.setWalletFrozen(admin.id, id, true);
  }

  @Post(':id/wallet/unfreeze')
  @Idempotent()
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Unfreeze an account’s wallet (admin); emits gateway.wallet.freeze.changed.v1' })
  @ApiOkResponse({ type: AdminUserView })
  @ApiErrorResponses(400, 401, 403, 404, 429)
  unfreeze(@AuthUser() admin: UserContext, @Param('id', UuidParam()) id: string): Promise<AdminUserView> {
    return this.accounts.setWalletFrozen(admin.id, id, false);
  }
}
